import type { Routes } from '@angular/router';
import { adminGuard, authGuard, guestGuard } from './core/auth.guard';

export const routes: Routes = [
  {
    path: 'login',
    title: 'Log in · Response',
    canActivate: [guestGuard],
    loadComponent: () => import('./auth/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'setup',
    title: 'Set up · Response',
    loadComponent: () => import('./auth/setup-page').then((m) => m.SetupPage),
  },
  {
    path: 'settings',
    canActivate: [authGuard, adminGuard],
    loadChildren: () => import('./settings/settings.routes').then((m) => m.SETTINGS_ROUTES),
  },
  {
    // Chart.js is part of this route's chunk only.
    path: 'insights',
    title: 'Insights · Response',
    canActivate: [authGuard],
    loadComponent: () => import('./insights/insights-page').then((m) => m.InsightsPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadChildren: () => import('./incidents/incidents.routes').then((m) => m.INCIDENT_ROUTES),
  },
  { path: '**', redirectTo: '' },
];
