import { browserLifecycle, type WakeReason } from './lifecycle';

describe('browserLifecycle', () => {
  let visibility: DocumentVisibilityState;
  let wakes: WakeReason[];

  beforeEach(() => {
    visibility = 'visible';
    jest.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    wakes = [];
  });

  afterEach(() => jest.restoreAllMocks());

  function listen(): () => void {
    const source = browserLifecycle();
    if (source === null) throw new Error('expected a browser lifecycle in jsdom');
    return source.listen((reason) => wakes.push(reason));
  }

  it('reports online and pageshow', () => {
    const stop = listen();
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('pageshow'));
    expect(wakes).toEqual(['online', 'pageshow']);
    stop();
  });

  it('reports visibilitychange only when the page is visible', () => {
    const stop = listen();
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(wakes).toEqual([]);
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(wakes).toEqual(['visible']);
    stop();
  });

  it('ignores unrelated events', () => {
    const stop = listen();
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('pagehide'));
    expect(wakes).toEqual([]);
    stop();
  });

  it('removes every listener when stopped', () => {
    const stop = listen();
    stop();
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('pageshow'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(wakes).toEqual([]);
  });

  it('keeps separate listeners apart', () => {
    const source = browserLifecycle();
    const first: WakeReason[] = [];
    const second: WakeReason[] = [];
    const stopFirst = source?.listen((reason) => first.push(reason));
    const stopSecond = source?.listen((reason) => second.push(reason));
    stopFirst?.();
    window.dispatchEvent(new Event('online'));
    expect(first).toEqual([]);
    expect(second).toEqual(['online']);
    stopSecond?.();
  });
});
