import type { ControlItem } from './items/control-item';
import type { ControlState } from './domain/types';

/** Runtime controls, read from the table at most once per `controlCacheSeconds`. */
export class ControlCache {
  private value: ControlState | undefined;
  private fetchedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly control: Pick<ControlItem, 'read'>,
    private readonly maxAgeMs: number,
  ) {}

  invalidate(): void {
    this.value = undefined;
  }

  async get(nowMs: number): Promise<ControlState> {
    if (!this.value || nowMs - this.fetchedAtMs >= this.maxAgeMs || nowMs < this.fetchedAtMs) {
      this.value = await this.control.read();
      this.fetchedAtMs = nowMs;
    }
    return this.value;
  }
}
