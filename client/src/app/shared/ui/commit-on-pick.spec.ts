import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CommitOnPick } from './commit-on-pick';

@Component({
  imports: [CommitOnPick],
  template: `<select (picked)="picks.push($event)">
    <option value="1">one</option>
    <option value="2">two</option>
    <option value="3">three</option>
  </select>`,
})
class Host {
  readonly picks: string[] = [];
}

describe('CommitOnPick', () => {
  let host: Host;
  let select: HTMLSelectElement;

  beforeEach(async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    host = fixture.componentInstance;
    select = (fixture.nativeElement as HTMLElement).querySelector('select')!;
  });

  /** What a browser does for a key on a closed select: keydown, then (same task) the new value and change. */
  function key(name: string, value?: string): void {
    select.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
    if (value !== undefined) {
      select.value = value;
      select.dispatchEvent(new Event('change'));
    }
  }

  it('picks a choice made with the mouse at once', () => {
    select.value = '2';
    select.dispatchEvent(new Event('change'));
    expect(host.picks).toEqual(['2']);
  });

  it('picks nothing while arrowing, then the choice with Enter', async () => {
    key('ArrowDown', '2');
    key('ArrowDown', '3');
    expect(host.picks).toEqual([]);
    key('Enter');
    expect(host.picks).toEqual(['3']);
    // A mouse choice after the keys were handled is picked at once.
    await new Promise((r) => setTimeout(r));
    select.value = '1';
    select.dispatchEvent(new Event('change'));
    expect(host.picks).toEqual(['3', '1']);
  });

  it('picks a keyboard choice on leaving the select, and Escape goes back', () => {
    key('ArrowDown', '2');
    key('Escape');
    expect(select.value).toBe('1');
    expect(host.picks).toEqual([]);
    select.dispatchEvent(new Event('blur'));
    expect(host.picks).toEqual([]);
    key('ArrowDown', '3');
    select.dispatchEvent(new Event('blur'));
    expect(host.picks).toEqual(['3']);
  });
});
