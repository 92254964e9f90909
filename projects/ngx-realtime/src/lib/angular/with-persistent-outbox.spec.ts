import { inject, Injectable, PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { IDBFactory } from 'fake-indexeddb';
import {
  indexedDbOutboxStorage,
  memoryOutboxStorage,
  provideRealtime,
  REALTIME_PERSISTENT_OUTBOX,
  WebSocketService,
  withPersistentOutbox,
  type OutboxStorage,
  type RealtimeConfig,
  type RealtimeError,
  type RealtimeFeature,
} from 'ngx-realtime';
import { provideRealtimeTesting, RealtimeTestingController } from 'ngx-realtime/testing';

/** An app service owning the storage, to show the factory runs in an injection context. */
@Injectable({ providedIn: 'root' })
class OutboxStore {
  static shared: OutboxStorage = memoryOutboxStorage();
  readonly storage = OutboxStore.shared;
}

function note(n: number) {
  return { type: 'typing_start', payload: { conversation_id: 'c1', n } };
}

/** One page life: a fresh TestBed with the feature. */
function startPage(feature: RealtimeFeature, config: Partial<RealtimeConfig> = {}) {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({
    providers: [
      provideRealtime(
        { url: 'ws://test/ws', token: () => 't', reportToErrorHandler: false, ...config },
        feature,
      ),
      provideRealtimeTesting(),
    ],
  });
  const service = TestBed.inject(WebSocketService);
  const errors: RealtimeError[] = [];
  service.errors.subscribe((error) => errors.push(error));
  return { service, controller: TestBed.inject(RealtimeTestingController), errors };
}

/** One macrotask: storage promises and IndexedDB's tasks get to run (no time is checked). */
function turn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Turns until `check` holds (at most 100). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let n = 0; n < 100 && !(await check()); n++) await turn();
}

/** Ids stored in `storage`, oldest first. */
async function storedIds(storage: OutboxStorage): Promise<string[]> {
  return (await storage.load()).map((entry) => entry.message.id);
}

describe('withPersistentOutbox()', () => {
  beforeEach(() => {
    OutboxStore.shared = memoryOutboxStorage();
  });

  it('sends what the last page queued offline once, before the new page’s sends', async () => {
    const feature = withPersistentOutbox({ storage: () => inject(OutboxStore).storage });
    const first = startPage(feature);
    first.service.send({ ...note(1), id: 'first-1' });
    first.service.send({ ...note(2), id: 'first-2' });
    await until(async () => (await storedIds(OutboxStore.shared)).length === 2);

    const second = startPage(feature);
    second.service.send({ ...note(3), id: 'second-1' });
    second.service.connect();
    await until(() => second.controller.received.length === 3);
    expect(second.controller.match('typing_start').map((frame) => frame.id)).toEqual([
      'first-1',
      'first-2',
      'second-1',
    ]);
    await until(async () => (await storedIds(OutboxStore.shared)).length === 0);
    expect(await storedIds(OutboxStore.shared)).toEqual([]);

    const third = startPage(feature);
    third.service.connect();
    for (let n = 0; n < 5; n++) await turn();
    expect(third.controller.isConnected).toBe(true);
    expect(third.controller.match('typing_start')).toEqual([]);
  });

  it('stores in IndexedDB by default', async () => {
    const global = globalThis as { indexedDB?: IDBFactory };
    global.indexedDB = new IDBFactory();
    const probe = indexedDbOutboxStorage({ databaseName: 'app-test' });
    try {
      const feature = withPersistentOutbox({ databaseName: 'app-test' });
      const first = startPage(feature);
      first.service.send({ ...note(1), id: 'idb-1' });
      await until(async () => (await storedIds(probe)).length === 1);

      const second = startPage(feature);
      second.service.connect();
      await until(() => second.controller.received.length > 0);
      expect(second.controller.expectSent('typing_start').id).toBe('idb-1');
      expect(second.errors).toEqual([]);
      await until(async () => (await storedIds(probe)).length === 0);
      expect(await storedIds(probe)).toEqual([]);
    } finally {
      delete global.indexedDB;
    }
  });

  it('without IndexedDB keeps the outbox in memory and reports storage_failed once', async () => {
    const { service, controller, errors } = startPage(withPersistentOutbox());
    await until(() => errors.length > 0);
    expect(errors).toEqual([expect.objectContaining({ code: 'storage_failed' })]);
    expect((errors[0].cause as RealtimeError).code).toBe('unavailable');
    expect(service.send(note(1)).queued).toBe(true);
    service.connect();
    await until(() => controller.received.length > 0);
    expect(controller.expectSent('typing_start').payload['n']).toBe(1);
  });

  it('drops messages older than ttlMs with outbox_expired', async () => {
    // Only the clock is fake: `until` needs real macrotasks.
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout'] });
    try {
      const feature = withPersistentOutbox({
        storage: () => inject(OutboxStore).storage,
        ttlMs: 1_000,
      });
      startPage(feature).service.send({ ...note(1), id: 'old' });
      await until(async () => (await storedIds(OutboxStore.shared)).length === 1);
      jest.setSystemTime(Date.now() + 1_000);
      const { errors } = startPage(feature);
      await until(() => errors.length > 0);
      expect(errors).toEqual([
        expect.objectContaining({ code: 'outbox_expired', messageId: 'old' }),
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('stores nothing on the server (SSR)', () => {
    let made = 0;
    TestBed.configureTestingModule({
      providers: [
        { provide: PLATFORM_ID, useValue: 'server' },
        provideRealtime(
          { url: 'ws://test/ws' },
          withPersistentOutbox({ storage: () => (made++, memoryOutboxStorage()) }),
        ),
      ],
    });
    TestBed.inject(WebSocketService);
    expect(TestBed.inject(REALTIME_PERSISTENT_OUTBOX).storage).toBeNull();
    expect(made).toBe(0);
  });

  describe('dev-mode checks', () => {
    it('refuses the feature twice', () => {
      expect(() =>
        provideRealtime({ url: 'ws://test/ws' }, withPersistentOutbox(), withPersistentOutbox()),
      ).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    });

    it('refuses an outbox that can hold nothing', () => {
      expect(() =>
        provideRealtime({ url: 'ws://test/ws', outbox: { limit: 0 } }, withPersistentOutbox()),
      ).toThrow(expect.objectContaining({ message: expect.stringContaining('outbox.limit 0') }));
    });

    it('refuses a TTL that is not positive', () => {
      expect(() =>
        provideRealtime({ url: 'ws://test/ws' }, withPersistentOutbox({ ttlMs: 0 })),
      ).toThrow(expect.objectContaining({ message: expect.stringContaining('outboxTtlMs') }));
    });
  });
});
