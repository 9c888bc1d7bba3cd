/** The incident doc in the web app, as Slack messages link to it: `https://site/incident/42/`. */
export function incidentDocUrl(siteUrl: string, incidentId: number): string {
  return `${siteUrl.replace(/\/+$/, '')}/incident/${incidentId}/`;
}
