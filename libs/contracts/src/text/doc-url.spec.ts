import { describe, expect, it } from '@jest/globals';
import { incidentDocUrl } from './doc-url.js';

describe('incidentDocUrl', () => {
  it('links to the incident doc with a trailing slash', () => {
    expect(incidentDocUrl('https://response.example.com', 42)).toBe(
      'https://response.example.com/incident/42/',
    );
  });

  it('does not double the slash when the site URL ends in one', () => {
    expect(incidentDocUrl('https://response.example.com/', 7)).toBe(
      'https://response.example.com/incident/7/',
    );
    expect(incidentDocUrl('http://localhost:8000//', 7)).toBe('http://localhost:8000/incident/7/');
  });

  it('keeps a path the site is served under', () => {
    expect(incidentDocUrl('https://tools.example.com/response/', 3)).toBe(
      'https://tools.example.com/response/incident/3/',
    );
  });
});
