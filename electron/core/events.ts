import { EventEmitter } from 'node:events';
import type { StreamName, Streams } from '../../shared/contract';

/** Typed pub/sub for the contract's streams; transports subscribe, core modules publish. */
export class StreamBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit<S extends StreamName>(stream: S, data: Streams[S]): void {
    this.emitter.emit(stream, data);
  }

  on<S extends StreamName>(stream: S, listener: (data: Streams[S]) => void): () => void {
    this.emitter.on(stream, listener);
    return () => this.emitter.off(stream, listener);
  }
}
