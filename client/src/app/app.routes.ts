import type { Routes } from '@angular/router';
import { authGuard } from './core/auth.guard';

export const routes: Routes = [
  { path: 'login', title: 'Log in · Response', loadComponent: () => import('./auth/login-page').then((m) => m.LoginPage) },
  { path: '', canActivate: [authGuard], loadChildren: () => import('./incidents/incidents.routes').then((m) => m.INCIDENT_ROUTES) },
  { path: '**', redirectTo: '' },
];
