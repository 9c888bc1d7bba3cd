import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { App } from './app';
import { Session } from './core/session';

describe('App', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  it('shows only the page, without the top bar, while logged out', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('main#main')).not.toBeNull();
    expect(el.querySelector('header.bar')).toBeNull();
  });

  it('shows the account and a way to declare once logged in as a responder', async () => {
    const session = TestBed.inject(Session);
    const loaded = session.ensureLoaded();
    TestBed.inject(HttpTestingController)
      .expectOne('/core/auth/me')
      .flush({ username: 'ada', role: 'responder', user: null, csrf_token: 't' });
    await loaded;
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('header.bar')?.textContent).toContain('ada');
    expect(el.querySelector('a[href="/incidents/new"]')?.textContent).toContain('Declare incident');
  });
});
