import {
  renderIncidentReport,
  unslackify,
  type ActionDto,
  type IncidentDto,
  type TimelineEntryDto,
  type UserDto,
} from '@response/contracts';
import { emoji } from './emoji';

const ada: UserDto = {
  app_id: 'slack',
  external_id: 'U1',
  display_name: 'ada',
  full_name: 'Ada Lovelace',
  email: null,
  deleted: false,
};
const bob: UserDto = {
  app_id: 'slack',
  external_id: 'U2',
  display_name: 'bob',
  full_name: 'bob',
  email: null,
  deleted: false,
};

function action(over: Partial<ActionDto>): ActionDto {
  return {
    id: 1,
    details: 'x',
    details_ui: '',
    done: false,
    user: null,
    created_date: '2025-03-01T10:00:00Z',
    done_date: null,
    due_date: null,
    priority: null,
    type: null,
    version: 1,
    updated_by: null,
    ...over,
  };
}

function incident(over: Partial<IncidentDto> = {}): IncidentDto {
  return {
    id: 42,
    report: 'Checkout <!here> is down :fire:',
    reporter: ada,
    lead: bob,
    report_time: '2025-03-01T09:20:00Z',
    report_only: false,
    start_time: '2025-03-01T09:15:00Z',
    end_time: '2025-03-02T11:45:00Z',
    is_closed: true,
    summary: 'Pool exhausted, <@U1> rolled back',
    impact: null,
    severity: '1',
    comms_channel: { channel_id: 'C1', channel_name: 'inc-42-checkout' },
    action_items: [],
    roles: [],
    private: false,
    status: 'resolved',
    severity_text: 'critical',
    duration: 95_400,
    version: 1,
    updated_by: null,
    last_update_at: null,
    next_update_due: null,
    ...over,
  };
}

function event(id: number, timestamp: string, text: string, event_type = 'text'): TimelineEntryDto {
  return {
    id,
    timestamp,
    text,
    text_ui: '',
    event_type,
    metadata: null,
    version: 1,
    updated_by: null,
  };
}

describe('unslackify as the app uses it', () => {
  it('names users, channels and emoji from the compact table', () => {
    const names = new Map([['U1', 'ada']]);
    const text = unslackify(
      '<@U1> moved to <#C9|inc-7> :rotating_light: :not_an_emoji: <https://x.io|logs>',
      {
        userName: (id) => names.get(id),
        emoji,
      },
    );
    expect(text).toBe('@ada moved to #inc-7 🚨 :not_an_emoji: [logs](https://x.io)');
  });

  it('keeps unknown users readable by id', () => {
    expect(unslackify('ping <@U404>')).toBe('ping @U404');
  });
});

describe('renderIncidentReport', () => {
  const timeline = [
    event(3, '2025-03-02T08:00:00Z', 'Fix deployed'),
    event(1, '2025-03-01T09:16:00Z', 'Alert fired', 'slack_pin'),
    event(2, '2025-03-01T09:30:00Z', 'Incident severity set to critical', 'incident_update'),
  ];

  it('writes title, status, severity, times with dates and the duration', () => {
    const text = renderIncidentReport({
      incident: incident(),
      timeline,
      users: [ada],
      emoji,
      now: new Date('2025-03-05T00:00:00Z'),
    });
    expect(text.split('\n').slice(0, 8)).toEqual([
      '# Incident 42: Checkout @here is down 🔥',
      '',
      '- **Status:** Resolved',
      '- **Severity:** critical',
      '- **Started:** 2025-03-01 09:15 UTC',
      '- **Reported:** 2025-03-01 09:20 UTC',
      '- **Ended:** 2025-03-02 11:45 UTC',
      '- **Duration:** 1d 2h',
    ]);
    expect(text).toContain(
      '- **Reporter:** @ada (Ada Lovelace)\n- **Lead:** @bob\n- **Comms channel:** #inc-42-checkout',
    );
    expect(text).toContain('## Summary\n\nPool exhausted, @ada rolled back\n');
    expect(text).toContain('## Impact\n\n_No impact recorded yet._');
    expect(text).toContain('_Report generated 2025-03-05 00:00 UTC._');
  });

  it('lists the timeline in time order, grouped by date, with the kind of each entry', () => {
    const text = renderIncidentReport({ incident: incident(), timeline });
    const section = text.slice(text.indexOf('## Timeline'), text.indexOf('## Actions'));
    expect(section).toBe(
      [
        '## Timeline',
        '',
        '### 2025-03-01',
        '',
        '- **09:16 UTC** _(pin)_ Alert fired',
        '- **09:30 UTC** _(update)_ Incident severity set to critical',
        '',
        '### 2025-03-02',
        '',
        '- **08:00 UTC** Fix deployed',
        '',
        '',
      ].join('\n'),
    );
  });

  it('writes actions as a checklist, open ones first, with owner, priority, type and dates', () => {
    const actions = [
      action({ id: 1, details: 'Write runbook', done: true, done_date: '2025-03-03T12:00:00Z' }),
      action({
        id: 2,
        details: 'Add alert',
        user: bob,
        priority: '1',
        type: '1',
        due_date: '2025-03-10T00:00:00Z',
      }),
      action({ id: 3, details: 'Two\nlines' }),
    ];
    const text = renderIncidentReport({
      incident: incident({ action_items: actions }),
      timeline: [],
    });
    expect(text).toContain(
      '## Actions\n\n- [ ] Add alert — owner @bob, high priority, detective, due 2025-03-10\n- [ ] Two\n  lines\n- [x] Write runbook — done 2025-03-03\n',
    );
    expect(text).toContain('_No timeline entries._');
  });

  it('says an open incident is ongoing and counts its duration so far', () => {
    const text = renderIncidentReport({
      incident: incident({ end_time: null, is_closed: false, status: 'live', severity: null }),
      timeline: [],
      now: new Date('2025-03-01T10:15:00Z'),
    });
    expect(text).toContain('- **Status:** Live\n- **Severity:** not set');
    expect(text).toContain('- **Ended:** ongoing\n- **Duration:** 1h so far');
    expect(text).toContain('## Actions\n\n_No actions._');
  });
});
