/**
 * Wire shapes of the `/core` REST API. Field names follow Response's API
 * (snake_case) so that existing clients keep working.
 */
import type {
  ActionPriority,
  ActionType,
  ChangeLogEntryType,
  IncidentStatus,
  Role,
  Severity,
  TimelineEntryType,
} from './domain.js';

export interface UserDto {
  app_id: string;
  external_id: string;
  display_name: string;
  full_name: string;
  email: string | null;
  deleted: boolean;
}

/** Anywhere a request names a user, a full UserDto or just `{external_id}` is accepted. */
export interface UserRef {
  external_id: string;
}

export interface CommsChannelDto {
  channel_id: string;
  channel_name: string;
}

export interface ActionDto {
  id: number;
  details: string;
  details_ui: string;
  done: boolean;
  user: UserDto | null;
  created_date: string;
  done_date: string | null;
  due_date: string | null;
  priority: ActionPriority | null;
  type: ActionType | null;
}

export interface IncidentDto {
  id: number;
  report: string;
  reporter: UserDto | null;
  lead: UserDto | null;
  report_time: string;
  report_only: boolean;
  start_time: string;
  end_time: string | null;
  is_closed: boolean;
  summary: string | null;
  impact: string | null;
  severity: Severity | null;
  comms_channel: CommsChannelDto | null;
  action_items: ActionDto[];
  private: boolean;
  status: IncidentStatus;
  severity_text: string | null;
  /** Seconds from start to end (or to now while open). */
  duration: number;
}

export interface TimelineEntryDto {
  id: number;
  timestamp: string;
  text: string;
  text_ui: string;
  event_type: TimelineEntryType | string;
  metadata: Record<string, unknown> | null;
}

export interface ChangeLogEntryDto {
  id: number;
  timestamp: string;
  event_type: ChangeLogEntryType;
  payload: Record<string, unknown>;
}

export interface ParticipantDto {
  user: UserDto;
  message_count: number;
  join_time: string;
}

/** Limit/offset envelope used by every list but users. */
export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface CreateIncidentRequest {
  report: string;
  summary?: string | null;
  impact?: string | null;
  lead?: UserRef | null;
  reporter?: UserRef;
  severity?: Severity | null;
  report_only?: boolean;
  private?: boolean;
  start_time?: string;
}

export interface UpdateIncidentRequest {
  report?: string;
  summary?: string | null;
  impact?: string | null;
  lead?: UserRef | null;
  severity?: Severity | null;
  start_time?: string;
  end_time?: string | null;
}

export interface CreateActionRequest {
  details: string;
  user?: UserRef | null;
  done?: boolean;
  due_date?: string | null;
  priority?: ActionPriority | null;
  type?: ActionType | null;
}

export type UpdateActionRequest = Partial<CreateActionRequest> & { done_date?: string | null };

export interface CreateTimelineEventRequest {
  timestamp: string;
  text: string;
  event_type?: string;
  metadata?: Record<string, unknown> | null;
}

export type UpdateTimelineEventRequest = Partial<CreateTimelineEventRequest>;

export interface LoginRequest {
  username: string;
  password: string;
}

export interface MeDto {
  username: string;
  role: Role;
  user: UserDto | null;
  /** Send this value in the `X-CSRF-Token` header on unsafe requests made with the session cookie. */
  csrf_token: string | null;
}

/** Every error body: a message, and for validation errors a field → message map. */
export interface ApiErrorDto {
  statusCode: number;
  error: string;
  message: string;
  errors?: Record<string, string>;
}

export interface HealthDto {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  queue: 'up' | 'down' | 'in-process';
  slack: 'configured' | 'off';
}

/** Header carrying the CSRF token for cookie sessions. */
export const CSRF_HEADER = 'x-csrf-token';
/** Name of the session cookie. */
export const SESSION_COOKIE = 'response_session';
