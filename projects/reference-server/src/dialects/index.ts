import type { DialectName } from '../config';
import { chatApiDialect } from './chat-api';
import type { DialectCodec } from './dialect';
import { listingsDialect } from './listings';
import { socialhubDialect } from './socialhub';

export type { DialectCodec, DialectEdge, EdgeContext } from './dialect';

const CODECS: Readonly<Record<DialectName, DialectCodec>> = {
  socialhub: socialhubDialect,
  'chat-api': chatApiDialect,
  listings: listingsDialect,
};

/** The codec of a dialect. */
export function dialectCodec(name: DialectName): DialectCodec {
  return CODECS[name];
}
