/*
 * mdmp.c: reading a minidump's header, directory and memory lists through a
 * bounded view, and the writer's range lists.  Every offset and count of
 * the file is checked against the view before it is used.
 */
#include <stdlib.h>
#include "mdmp.h"

int mdmp_open(const struct byte_view *view, uint32_t *nstreams, uint32_t *dir_rva)
{
    uint32_t sig, version, n, rva;

    if (view_u32(view, 0, &sig) || view_u32(view, 4, &version) || view_u32(view, 8, &n) ||
        view_u32(view, 12, &rva))
        return -1;
    if (sig != MDMP_SIGNATURE || (version & 0xffff) != MDMP_VERSION) return -1;
    if (!view_ptr(view, rva, (uint64_t)n * MDMP_DIRENT_SIZE)) return -1;
    *nstreams = n;
    *dir_rva = rva;
    return 0;
}

int64_t mdmp_find_stream(const struct byte_view *view, uint32_t type, struct mdmp_stream *out)
{
    uint32_t n, dir, i;

    if (mdmp_open(view, &n, &dir)) return -1;
    for (i = 0; i < n; i++)
    {
        uint64_t at = dir + (uint64_t)i * MDMP_DIRENT_SIZE;
        struct mdmp_stream s;

        if (view_u32(view, at, &s.type) || view_u32(view, at + 4, &s.size) ||
            view_u32(view, at + 8, &s.rva))
            return -1;
        if (s.type != type) continue;
        if (!view_ptr(view, s.rva, s.size)) return -1;
        *out = s;
        return i;
    }
    return -1;
}

/* Copy what [addr, addr + len) shares with the range [start, start + size)
 * stored at file offset data; marks the bytes copied in *done. */
static int copy_part(const struct byte_view *view, uint64_t start, uint64_t size, uint64_t data,
                     uint64_t addr, unsigned char *buf, uint32_t len, uint64_t *done)
{
    uint64_t lo, hi, end = addr + len, rend = start + size;
    const unsigned char *src;

    if (rend < start) rend = UINT64_MAX;
    lo = addr > start ? addr : start;
    hi = end < rend ? end : rend;
    if (lo >= hi) return 0;
    if (!(src = view_ptr(view, data + (lo - start), hi - lo))) return -1;
    memcpy(buf + (lo - addr), src, hi - lo);
    *done += hi - lo;
    return 0;
}

int mdmp_read_memory(const struct byte_view *view, uint64_t addr, void *buf, uint32_t len)
{
    struct mdmp_stream s;
    uint64_t done = 0;
    uint32_t n, i;

    if (!len) return 0;
    if (addr + len < addr) return -1;
    /* The ranges of a well-formed dump do not overlap, so counting the
     * bytes copied tells whether every byte was found. */
    if (mdmp_find_stream(view, MDMP_STREAM_MEMORY_LIST, &s) >= 0 && s.size >= 4 &&
        !view_u32(view, s.rva, &n) && (uint64_t)n * 16 <= s.size - 4)
    {
        for (i = 0; i < n && done < len; i++)
        {
            uint64_t at = s.rva + 4 + (uint64_t)i * 16, start;
            uint32_t size, rva;

            if (view_u64(view, at, &start) || view_u32(view, at + 8, &size) ||
                view_u32(view, at + 12, &rva))
                return -1;
            if (copy_part(view, start, size, rva, addr, buf, len, &done)) return -1;
        }
    }
    if (done < len && mdmp_find_stream(view, MDMP_STREAM_MEMORY64_LIST, &s) >= 0 && s.size >= 16)
    {
        uint64_t count, data;

        if (view_u64(view, s.rva, &count) || view_u64(view, s.rva + 8, &data)) return -1;
        if (count > (s.size - 16) / 16) return -1;
        for (i = 0; i < count && done < len; i++)
        {
            uint64_t at = s.rva + 16 + (uint64_t)i * 16, start, size;

            if (view_u64(view, at, &start) || view_u64(view, at + 8, &size)) return -1;
            if (copy_part(view, start, size, data, addr, buf, len, &done)) return -1;
            if (data + size < data) return -1;
            data += size;
        }
    }
    return done == len ? 0 : -1;
}

static int range_cmp(const void *a, const void *b)
{
    const struct mdmp_range *x = a, *y = b;

    return x->start < y->start ? -1 : x->start > y->start;
}

size_t mdmp_ranges_merge(struct mdmp_range *r, size_t n)
{
    size_t i, out = 0;

    for (i = 0; i < n; i++)
        if (r[i].start + r[i].size < r[i].start) r[i].size = UINT64_MAX - r[i].start;
    qsort(r, n, sizeof(*r), range_cmp);
    for (i = 0; i < n; i++)
    {
        if (!r[i].size) continue;
        if (out && r[i].start <= r[out - 1].start + r[out - 1].size)
        {
            uint64_t end = r[i].start + r[i].size;

            if (end > r[out - 1].start + r[out - 1].size) r[out - 1].size = end - r[out - 1].start;
            continue;
        }
        r[out++] = r[i];
    }
    return out;
}

int mdmp_ranges_remove(struct mdmp_range *r, size_t *n, size_t cap, uint64_t start, uint64_t size)
{
    uint64_t end = start + size;
    size_t i;

    if (end < start) end = UINT64_MAX;
    for (i = 0; i < *n; i++)
    {
        uint64_t rs = r[i].start, re = rs + r[i].size;

        if (end <= rs || start >= re) continue;
        if (start > rs && end < re)
        {
            /* Split in two. */
            if (*n >= cap) return -1;
            memmove(&r[i + 2], &r[i + 1], (*n - i - 1) * sizeof(*r));
            r[i + 1].start = end;
            r[i + 1].size = re - end;
            r[i].size = start - rs;
            (*n)++;
            return 0;
        }
        if (start <= rs && end >= re) r[i].size = 0;
        else if (start <= rs) { r[i].start = end; r[i].size = re - end; }
        else r[i].size = start - rs;
    }
    /* Drop what became empty. */
    {
        size_t out = 0;

        for (i = 0; i < *n; i++)
            if (r[i].size) r[out++] = r[i];
        *n = out;
    }
    return 0;
}
