import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { App } from './app';
import { Session } from './core/session';

@Component({ template: '' })
class Blank {}

describe('App', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideRouter([
          { path: '', component: Blank },
          { path: 'incident/:id', component: Blank },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
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
    await TestBed.inject(Router).navigateByUrl('/incident/3');
    await fixture.whenStable();
    expect(el.querySelector('a[href="/incidents/new"]')?.textContent).toContain('Declare incident');
    // The list has its own "Declare incident" in its header: not twice.
    await TestBed.inject(Router).navigateByUrl('/?status=live');
    await fixture.whenStable();
    expect(el.querySelector('header.bar a[href="/incidents/new"]')).toBeNull();
  });
});
