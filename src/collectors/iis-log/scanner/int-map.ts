/** Non-negative small-integer keys to values: open addressing over an Int32Array (faster than Map
 *  for the per-line response counters). Values keep their insertion order. */
export class IntMap<V> {
  private bits = 8;
  private table = new Int32Array(2 << 8);
  private readonly items: V[] = [];

  get(key: number): V | undefined {
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const slot = table[2 * i + 1]!;
      if (slot === 0) return undefined;
      if (table[2 * i] === key) return this.items[slot - 1];
      i = (i + 1) & mask;
    }
  }

  set(key: number, value: V): void {
    this.items.push(value);
    if (this.items.length * 2 > 1 << this.bits) {
      this.bits++;
      const old = this.table;
      this.table = new Int32Array(2 << this.bits);
      for (let j = 0; j < old.length; j += 2) if (old[j + 1] !== 0) this.place(old[j]!, old[j + 1]!);
    }
    this.place(key, this.items.length);
  }

  values(): V[] {
    return this.items;
  }

  private place(key: number, slot: number): void {
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.table[2 * i + 1] !== 0) i = (i + 1) & mask;
    this.table[2 * i] = key;
    this.table[2 * i + 1] = slot;
  }
}
