import type { Routes } from '@angular/router';

/** Admin settings pages. */
export const SETTINGS_ROUTES: Routes = [
  {
    path: 'slack',
    title: 'Slack · Response',
    loadComponent: () => import('./slack-page').then((m) => m.SlackPage),
  },
  {
    path: 'accounts',
    title: 'Accounts · Response',
    loadComponent: () => import('./accounts-page').then((m) => m.AccountsPage),
  },
  {
    path: 'webhooks',
    title: 'Webhooks · Response',
    loadComponent: () => import('./webhooks-page').then((m) => m.WebhooksPage),
  },
  { path: '', pathMatch: 'full', redirectTo: 'slack' },
];
