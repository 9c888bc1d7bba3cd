import type { Routes } from '@angular/router';

export const INCIDENT_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Incidents · Response',
    loadComponent: () => import('./incident-list/incident-list').then((m) => m.IncidentList),
  },
  {
    path: 'incidents/new',
    title: 'Declare an incident · Response',
    loadComponent: () => import('./incident-new/incident-new').then((m) => m.IncidentNew),
  },
  {
    // Slack links end in a slash (`/incident/42/`); the router ignores it.
    path: 'incident/:id',
    title: 'Incident · Response',
    loadComponent: () => import('./incident-doc/incident-doc').then((m) => m.IncidentDoc),
  },
  {
    path: 'incident/:id/channel',
    title: 'Channel · Response',
    loadComponent: () =>
      import('./incident-channel/incident-channel').then((m) => m.IncidentChannel),
  },
];
