package org.mentorpulse.analytics.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in ClickHouse's RowBinary format, encoded into one growing byte array that is reused from batch to
 * batch: little-endian fixed-width numbers, strings as a LEB128 length and UTF-8 bytes, a 0/1 byte before every
 * Nullable value. A sink encodes each row as it arrives and sends a byte range per insert.
 *
 * <p>Why not the client's own writers: {@code RowBinaryFormatWriter} takes every value as an Object (a box per
 * number) and {@code BinaryStreamUtils} writes a byte at a time to a stream; for the ~75 columns of a day row
 * that was most of the sink's time. {@code RowBinaryIT} round-trips every column type we write against the
 * server.
 */
public final class RowBinary {
    private byte[] bytes;
    private int size;

    public RowBinary(int initialCapacity) {
        bytes = new byte[Math.max(64, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** Forgets everything after {@code length} bytes (a row that failed half way, or a batch that was sent). */
    public void truncate(int length) {
        size = length;
    }

    public void writeTo(OutputStream out, int from, int to) throws IOException {
        out.write(bytes, from, to - from);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    public void uint8(int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(v + " does not fit a UInt8");
        }
        ensure(1);
        bytes[size++] = (byte) v;
    }

    public void bool(boolean v) {
        uint8(v ? 1 : 0);
    }

    public void uint16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(v + " does not fit a UInt16");
        }
        ensure(2);
        bytes[size++] = (byte) v;
        bytes[size++] = (byte) (v >>> 8);
    }

    public void int32(int v) {
        ensure(4);
        bytes[size++] = (byte) v;
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 24);
    }

    public void uint32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(v + " does not fit a UInt32");
        }
        int32((int) v);
    }

    public void int64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (v >>> (8 * i));
        }
    }

    public void float64(double v) {
        int64(Double.doubleToRawLongBits(v));
    }

    /** {@code Date}: days since 1970-01-01 as a UInt16. */
    public void date(int epochDay) {
        uint16(epochDay);
    }

    /** {@code DateTime64(3)}: milliseconds since the epoch as an Int64. */
    public void millis(long epochMillis) {
        int64(epochMillis);
    }

    /** The byte before a Nullable value: true when the value is NULL (and nothing follows). */
    public boolean isNull(Object value) {
        uint8(value == null ? 1 : 0);
        return value == null;
    }

    public void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    public void string(String s) {
        if (s == null) {
            throw new IllegalArgumentException("null where the column is not Nullable");
        }
        int n = s.length();
        // most of our strings are ids, codes and zone names: ASCII, one byte per char, no encoder
        if (n < 128) {
            ensure(1 + n);
            int start = size;
            bytes[size++] = (byte) n;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    size = start;
                    utf8(s);
                    return;
                }
                bytes[size++] = (byte) c;
            }
            return;
        }
        utf8(s);
    }

    private void utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }
}
