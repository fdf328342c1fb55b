const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Longest id kept; a longer one is not answered. */
const MAX_ID_BYTES = 256;

/**
 * Finds the ids of a JSON-RPC frame too large to parse, reading its bytes as they stream by: the
 * `"id"` member of the top-level object, or of each object of a top-level batch. Nested `"id"`
 * members (in params, in arguments) are ignored, so a refusal never answers the wrong request.
 */
export class TopLevelIdScanner {
  /** Open containers: true for an object, false for an array. */
  private readonly stack: boolean[] = [];
  private inString = false;
  private escaped = false;
  /** Bytes of the string being read, when it may be a key or an id value that matters. */
  private text?: number[];
  private expectingKey = false;
  /** The key just read in an object that frames are made of. */
  private key?: string;
  /** Reading an id value: a string or a number. */
  private value?: { bytes: number[]; string: boolean };
  readonly ids: (string | number)[] = [];

  /** Reads the next bytes of the frame. */
  read(bytes: Uint8Array): void {
    for (const byte of bytes) this.step(byte);
  }

  /** The ids found once the frame has ended. */
  finish(): (string | number)[] {
    this.endNumber();
    return this.ids;
  }

  /** True where an object's members are a frame's: the top-level object, or an object in a top-level batch. */
  private get atFrame(): boolean {
    const depth = this.stack.length;
    return this.stack[depth - 1] === true && (depth === 1 || (depth === 2 && this.stack[0] === false));
  }

  private step(byte: number): void {
    if (this.inString) return this.stringByte(byte);
    if (this.value && !this.value.string) {
      if (isNumberByte(byte)) return void this.value.bytes.push(byte);
      this.endNumber();
    }
    if (byte === QUOTE) {
      this.inString = true;
      const wanted = this.atFrame && (this.expectingKey || this.key === "id");
      if (wanted && this.key === "id" && !this.expectingKey) this.value = { bytes: [], string: true };
      else this.text = wanted && this.expectingKey ? [] : undefined;
      return;
    }
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      this.stack.push(byte === OPEN_OBJECT);
      this.expectingKey = byte === OPEN_OBJECT;
      this.key = undefined;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      this.stack.pop();
      this.expectingKey = false;
      this.key = undefined;
    } else if (byte === COMMA) {
      this.expectingKey = this.stack[this.stack.length - 1] === true;
      this.key = undefined;
    } else if (byte === COLON) {
      this.expectingKey = false;
    } else if (this.atFrame && this.key === "id" && isNumberByte(byte)) {
      this.value = { bytes: [byte], string: false };
    }
  }

  private stringByte(byte: number): void {
    if (this.escaped) {
      this.escaped = false;
      this.keep(byte);
      return;
    }
    if (byte === BACKSLASH) {
      this.escaped = true;
      this.keep(byte);
      return;
    }
    if (byte !== QUOTE) return this.keep(byte);
    this.inString = false;
    if (this.value?.string) {
      const raw = `"${Buffer.from(this.value.bytes).toString("utf8")}"`;
      this.value = undefined;
      this.key = undefined;
      if (raw.length <= MAX_ID_BYTES + 2) this.record(JSON.parse(raw) as string);
    } else if (this.text) {
      this.key = Buffer.from(this.text).toString("utf8");
      this.text = undefined;
    }
  }

  private keep(byte: number): void {
    const target = this.value?.string ? this.value.bytes : this.text;
    if (target && target.length <= MAX_ID_BYTES) target.push(byte);
  }

  private endNumber(): void {
    if (!this.value || this.value.string) return;
    const id = Number(Buffer.from(this.value.bytes).toString("ascii"));
    this.value = undefined;
    this.key = undefined;
    if (Number.isSafeInteger(id)) this.record(id);
  }

  private record(id: string | number): void {
    this.ids.push(id);
  }
}

/** Digits, sign, point and exponent: all of a JSON number, so 1.5 is read whole (and refused as an id). */
function isNumberByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x2b || byte === 0x2e || byte === 0x65 || byte === 0x45;
}
