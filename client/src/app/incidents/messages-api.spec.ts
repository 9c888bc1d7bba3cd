import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ChannelMessageDto } from '@response/contracts';
import { FIRST_PAGE, MessagesApi, PAGE, type MessagesChunk } from './messages-api';

const message = (n: number) => ({ ts: `${1700000000 + n}.000100` }) as ChannelMessageDto;
const messages = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => message(from + i));

describe('MessagesApi.stream', () => {
  let api: MessagesApi;
  let http: HttpTestingController;
  const url = '/core/incidents/7/messages';

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(MessagesApi);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  const page = (offset: number, limit: number) =>
    http.expectOne(
      (req) =>
        req.url === url &&
        req.params.get('offset') === String(offset) &&
        req.params.get('limit') === String(limit),
    );

  it('hands on a small first page at once, then the rest in order, however the pages arrive', () => {
    const total = FIRST_PAGE + 2 * PAGE + 50;
    const chunks: MessagesChunk[] = [];
    api.stream(7).subscribe((chunk) => chunks.push(chunk));

    page(0, FIRST_PAGE).flush({
      count: total,
      next: `${url}?limit=${FIRST_PAGE}&offset=${FIRST_PAGE}`,
      previous: null,
      results: messages(0, FIRST_PAGE),
    });
    expect(chunks.map((c) => [c.messages.length, c.count, c.done])).toEqual([
      [FIRST_PAGE, total, false],
    ]);

    // The rest is asked for at once; the last page arrives first and waits for the others.
    const second = page(FIRST_PAGE, PAGE);
    const third = page(FIRST_PAGE + PAGE, PAGE);
    const fourth = page(FIRST_PAGE + 2 * PAGE, PAGE);
    fourth.flush({
      count: total,
      next: null,
      previous: null,
      results: messages(FIRST_PAGE + 2 * PAGE, 50),
    });
    expect(chunks).toHaveLength(1);
    third.flush({
      count: total,
      next: 'n',
      previous: 'p',
      results: messages(FIRST_PAGE + PAGE, PAGE),
    });
    expect(chunks).toHaveLength(1);
    second.flush({ count: total, next: 'n', previous: 'p', results: messages(FIRST_PAGE, PAGE) });

    expect(chunks.map((c) => [c.messages.length, c.done])).toEqual([
      [FIRST_PAGE, false],
      [2 * PAGE + 50, true],
    ]);
    expect(chunks.flatMap((c) => c.messages).map((m) => m.ts)).toEqual(
      messages(0, total).map((m) => m.ts),
    );
  });

  it('is done with the first page when it holds everything, and passes the search on', () => {
    const chunks: MessagesChunk[] = [];
    api.stream(7, 'rollback').subscribe((chunk) => chunks.push(chunk));
    const req = page(0, FIRST_PAGE);
    expect(req.request.params.get('search')).toBe('rollback');
    req.flush({ count: 2, next: null, previous: null, results: messages(0, 2) });
    expect(chunks.map((c) => [c.messages.length, c.count, c.done])).toEqual([[2, 2, true]]);
  });
});
