/*
 * fuzz_dump.c: libFuzzer target for the minidump reader (mdmp.c): the
 * header and directory, every stream type looked up as
 * MiniDumpReadDumpStream does, memory read back through the memory lists
 * at the addresses their own descriptors name and around them, and the
 * writer's range lists built from the input's bytes.
 */
#include <stdint.h>
#include <string.h>
#include "mdmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_around(const struct byte_view *view, uint64_t start, uint64_t len)
{
    uint8_t buf[256];
    uint32_t n = len > sizeof(buf) ? sizeof(buf) : (uint32_t)len;

    mdmp_read_memory(view, start, buf, n);
    mdmp_read_memory(view, start - 1, buf, 2);
    if (len) mdmp_read_memory(view, start + len - 1, buf, 2);
    mdmp_read_memory(view, start + len, buf, 1);
}

static void read_lists(const struct byte_view *view)
{
    struct mdmp_stream s;
    uint32_t n, i, size;
    uint64_t count, start, len;

    if (mdmp_find_stream(view, MDMP_STREAM_MEMORY_LIST, &s) >= 0 && !view_u32(view, s.rva, &n))
        for (i = 0; i < n && i < 64; i++)
        {
            if (view_u64(view, s.rva + 4 + i * 16ull, &start) ||
                view_u32(view, s.rva + 12 + i * 16ull, &size))
                break;
            read_around(view, start, size);
        }
    if (mdmp_find_stream(view, MDMP_STREAM_MEMORY64_LIST, &s) >= 0 && !view_u64(view, s.rva, &count))
        for (i = 0; i < count && i < 64; i++)
        {
            if (view_u64(view, s.rva + 16 + i * 16ull, &start) ||
                view_u64(view, s.rva + 24 + i * 16ull, &len))
                break;
            read_around(view, start, len);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct byte_view view = { data, size };
    struct mdmp_stream s;
    struct mdmp_range r[65];
    uint32_t n, dir, t;
    size_t k, count;

    if (!mdmp_open(&view, &n, &dir))
    {
        for (t = 0; t < 32; t++) mdmp_find_stream(&view, t, &s);
        mdmp_find_stream(&view, 0xffff, &s);
        mdmp_find_stream(&view, 0x47670001, &s);
        read_lists(&view);
    }
    /* Range lists from the bytes: merge, then remove ranges taken from
     * the end of the input. */
    k = size / 16 > 32 ? 32 : size / 16;
    memcpy(r, data, k * 16);
    count = mdmp_ranges_merge(r, k);
    for (t = 0; t < 8 && size >= 16 * (t + 1); t++)
    {
        uint64_t st, len;

        memcpy(&st, data + size - 16 * (t + 1), 8);
        memcpy(&len, data + size - 16 * (t + 1) + 8, 8);
        mdmp_ranges_remove(r, &count, 64, st, len);
    }
    return 0;
}
