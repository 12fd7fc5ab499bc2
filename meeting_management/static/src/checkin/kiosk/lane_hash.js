/**
 * HMAC-SHA256 of a scanned code with the lane's key, as lowercase hex: how a prepared lane
 * matches a QR code without holding the tokens (`checkin_lane_prepare` sends only the hashes).
 *
 * `crypto.subtle` is used when the page is a secure context (https, localhost); a kiosk on a
 * plain-http venue LAN is not one, so a small pure-JS SHA-256/HMAC is bundled as well. Both
 * give the same result (RFC 4231 vectors in the Hoot tests).
 */

const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
]);
const INIT = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
    0x5be0cd19,
];
const BLOCK = 64;
const encoder = new TextEncoder();

/** SHA-256 of bytes (pure JS). */
export function sha256(bytes) {
    const length = bytes.length;
    const padded = new Uint8Array((((length + 8) >> 6) + 1) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    const h = Uint32Array.from(INIT);
    const w = new Uint32Array(64);
    for (let offset = 0; offset < padded.length; offset += BLOCK) {
        for (let i = 0; i < 16; i++) {
            w[i] = view.getUint32(offset + i * 4);
        }
        for (let i = 16; i < 64; i++) {
            const a = w[i - 15];
            const b = w[i - 2];
            const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
            const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
            w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
        }
        let [a, b, c, d, e, f, g, hh] = h;
        for (let i = 0; i < 64; i++) {
            const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
            const ch = (e & f) ^ (~e & g);
            const t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
            const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
            const maj = (a & b) ^ (a & c) ^ (b & c);
            const t2 = (S0 + maj) | 0;
            hh = g;
            g = f;
            f = e;
            e = (d + t1) | 0;
            d = c;
            c = b;
            b = a;
            a = (t1 + t2) | 0;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) {
        outView.setUint32(i * 4, h[i]);
    }
    return out;
}

export function hexToBytes(hex) {
    const bytes = new Uint8Array(hex.length >> 1);
    for (let i = 0; i < bytes.length; i++) {
        bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    }
    return bytes;
}

export function bytesToHex(bytes) {
    let hex = "";
    for (const byte of new Uint8Array(bytes)) {
        hex += byte.toString(16).padStart(2, "0");
    }
    return hex;
}

/** HMAC-SHA256 (RFC 2104) in pure JS; returns the MAC bytes. */
export function hmacSha256(keyBytes, messageBytes) {
    let key = keyBytes.length > BLOCK ? sha256(keyBytes) : keyBytes;
    const block = new Uint8Array(BLOCK);
    block.set(key);
    key = block;
    const inner = new Uint8Array(BLOCK + messageBytes.length);
    const outer = new Uint8Array(BLOCK + 32);
    for (let i = 0; i < BLOCK; i++) {
        inner[i] = key[i] ^ 0x36;
        outer[i] = key[i] ^ 0x5c;
    }
    inner.set(messageBytes, BLOCK);
    outer.set(sha256(inner), BLOCK);
    return sha256(outer);
}

/** The browser's SubtleCrypto when it can sign (a secure context), else null. */
export function browserSubtle() {
    const subtle = globalThis.isSecureContext && globalThis.crypto?.subtle;
    return subtle && typeof subtle.sign === "function" ? subtle : null;
}

/**
 * A hasher bound to one lane key: `hash(code)` resolves to the lowercase hex HMAC of the
 * trimmed code. The CryptoKey is imported once; `{ subtle: false }` forces the pure-JS path.
 */
export function makeLaneHasher(keyHex, { subtle = browserSubtle() } = {}) {
    const keyBytes = hexToBytes(keyHex);
    if (!subtle) {
        return async (code) => bytesToHex(hmacSha256(keyBytes, encoder.encode(code.trim())));
    }
    const cryptoKey = subtle.importKey(
        "raw",
        keyBytes,
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"]
    );
    return async (code) => {
        const mac = await subtle.sign(
            "HMAC",
            await cryptoKey,
            encoder.encode(code.trim())
        );
        return bytesToHex(mac);
    };
}

/** One-off HMAC-SHA256 hex of a text with a hex key (tests, tools). */
export function hmacSha256Hex(keyHex, text, options) {
    return makeLaneHasher(keyHex, options)(text);
}
