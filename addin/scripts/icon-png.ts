import { crc32, deflateSync } from 'node:zlib';

/**
 * The add-in's icon drawn as a PNG of any size: three rising bars (a score) on a rounded square,
 * or, for the unified manifest's outline icon, the bars alone in white on transparency. Drawn here
 * rather than kept as binary files, so every size Office asks for comes from one description.
 */

const BRAND = [15, 108, 189] as const;
const WHITE = [255, 255, 255] as const;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function encodePng(size: number, pixel: (x: number, y: number) => readonly [number, number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const scanlines = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4);
    for (let x = 0; x < size; x++) scanlines.set(pixel(x, y), row + 1 + x * 4);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(scanlines)), chunk('IEND', Buffer.alloc(0))]);
}

/** Is (u, v), in units of the icon's side, inside one of the three bars? */
function inBar(u: number, v: number): boolean {
  const bars = [
    { from: 0.2, to: 0.34, top: 0.58 },
    { from: 0.43, to: 0.57, top: 0.4 },
    { from: 0.66, to: 0.8, top: 0.2 },
  ];
  return v <= 0.8 && bars.some((bar) => u >= bar.from && u < bar.to && v >= bar.top);
}

function inRoundedSquare(u: number, v: number, radius = 0.18): boolean {
  const dx = Math.max(radius - u, 0, u - (1 - radius));
  const dy = Math.max(radius - v, 0, v - (1 - radius));
  return dx * dx + dy * dy <= radius * radius;
}

export function iconPng(size: number, { outline = false }: { outline?: boolean } = {}): Buffer {
  return encodePng(size, (x, y) => {
    const u = (x + 0.5) / size;
    const v = (y + 0.5) / size;
    if (outline) return inBar(u, v) ? [...WHITE, 255] : [0, 0, 0, 0];
    if (!inRoundedSquare(u, v)) return [0, 0, 0, 0];
    return inBar(u, v) ? [...WHITE, 255] : [...BRAND, 255];
  });
}
