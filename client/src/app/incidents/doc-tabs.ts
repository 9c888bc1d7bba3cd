import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

/** The doc's tabs: the report itself, and the kept conversation of its channel. */
@Component({
  selector: 'app-doc-tabs',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="tabs" aria-label="Incident views">
      <a
        [routerLink]="['/incident', incidentId()]"
        [attr.aria-current]="active() === 'doc' ? 'page' : null"
        [class.active]="active() === 'doc'"
        >Doc</a
      >
      <a
        [routerLink]="['/incident', incidentId(), 'channel']"
        [attr.aria-current]="active() === 'channel' ? 'page' : null"
        [class.active]="active() === 'channel'"
        >Channel</a
      >
    </nav>
  `,
  styles: `
    .tabs {
      display: flex;
      gap: 0.25rem;
      border-bottom: 1px solid var(--line);
      margin: 1rem 0 0;
    }
    a {
      padding: 0.45rem 0.9rem;
      color: var(--muted);
      text-decoration: none;
      border-bottom: 2px solid transparent;
      margin-bottom: -1px;
      font-weight: 600;
    }
    a:hover {
      color: var(--text);
    }
    a.active {
      color: var(--text);
      border-bottom-color: var(--accent);
    }
  `,
})
export class DocTabs {
  readonly incidentId = input.required<number>();
  readonly active = input.required<'doc' | 'channel'>();
}
