import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { PageVisibility } from 'ngx-realtime';

/** Makes jsdom's document report `state` and tells the page, as a browser would. */
function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('PageVisibility', () => {
  afterEach(() => {
    Reflect.deleteProperty(document, 'visibilityState');
    TestBed.resetTestingModule();
  });

  it('follows visibilitychange, focus and blur', () => {
    const page = TestBed.inject(PageVisibility);
    expect(page.hidden()).toBe(false);
    setVisibility('hidden');
    expect(page.hidden()).toBe(true);
    setVisibility('visible');
    expect(page.hidden()).toBe(false);
    window.dispatchEvent(new Event('blur'));
    expect(page.focused()).toBe(false);
    window.dispatchEvent(new Event('focus'));
    expect(page.focused()).toBe(true);
  });

  it('stops listening when its injector is destroyed', () => {
    const page = TestBed.inject(PageVisibility);
    TestBed.resetTestingModule();
    setVisibility('hidden');
    expect(page.hidden()).toBe(false);
  });

  it('counts the page as visible and focused on the server', () => {
    TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: 'server' }] });
    const page = TestBed.inject(PageVisibility);
    setVisibility('hidden');
    expect(page.hidden()).toBe(false);
    expect(page.focused()).toBe(true);
  });
});
