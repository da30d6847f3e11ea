/*
 * symtools.h: what symlookup, bench_symbols and unload-cycles share: the
 * code ranges of a PE file read straight from the file (not through the
 * dbghelp.dll under test), a deterministic address sampler over them, the
 * process heap in use, and which dbghelp.dll the loader bound us to.
 *
 * Header-only (static functions): each tool is one translation unit linked
 * without libtool, see tools/local.mk.
 */
#ifndef SYMTOOLS_H
#define SYMTOOLS_H

#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One code range, as RVAs: [begin, end). */
struct code_range
{
    DWORD begin, end;
};

/* What the sampler needs of an image. */
struct code_map
{
    ULONGLONG image_base;       /* preferred base from the optional header */
    DWORD image_size;           /* SizeOfImage */
    WORD machine;
    BOOL from_pdata;            /* ranges are .pdata functions, else code sections */
    struct code_range *ranges;  /* sorted by begin, malloc'd */
    ULONGLONG *cumul;           /* cumul[i]: bytes in ranges[0..i] */
    size_t count;
    ULONGLONG total;            /* bytes over all ranges */
};

static inline DWORD st_u32(const unsigned char *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((DWORD)p[3] << 24);
}

static inline WORD st_u16(const unsigned char *p)
{
    return (WORD)(p[0] | (p[1] << 8));
}

static inline int st_range_cmp(const void *a, const void *b)
{
    const struct code_range *x = a, *y = b;
    return x->begin < y->begin ? -1 : x->begin > y->begin;
}

static inline BOOL st_read_at(FILE *f, long off, void *buf, size_t len)
{
    return fseek(f, off, SEEK_SET) == 0 && fread(buf, 1, len, f) == len;
}

/* Reads the image's code ranges: the RUNTIME_FUNCTION entries of the
 * exception directory (x86_64: one entry per function or function part,
 * BeginAddress..EndAddress, which is exactly "inside a function"), or, when
 * the image has none (i686), its executable sections.  Every offset is
 * checked against the file before use.  Returns FALSE with a message in
 * err on a file that is not a usable PE image. */
static inline BOOL code_map_read(const WCHAR *path, struct code_map *map, char *err, size_t errlen)
{
    unsigned char hdr[4096], *sect = NULL;
    FILE *f = _wfopen(path, L"rb");
    DWORD pe, nsect, optsize, ndirs, dir_rva = 0, dir_size = 0, i;
    size_t n, got = 0;
    BOOL pe64;

    memset(map, 0, sizeof(*map));
    if (!f) { snprintf(err, errlen, "cannot open the file"); return FALSE; }
    n = fread(hdr, 1, sizeof(hdr), f);
    if (n < 0x40 || hdr[0] != 'M' || hdr[1] != 'Z') goto bad;
    pe = st_u32(hdr + 0x3c);
    if (pe > n - 24 || memcmp(hdr + pe, "PE\0\0", 4)) goto bad;
    map->machine = st_u16(hdr + pe + 4);
    nsect = st_u16(hdr + pe + 6);
    optsize = st_u16(hdr + pe + 20);
    if (pe + 24 + optsize > n || optsize < 96) goto bad;
    pe64 = st_u16(hdr + pe + 24) == 0x20b;
    if (pe64)
    {
        if (optsize < 112) goto bad;
        map->image_base = st_u32(hdr + pe + 24 + 24) | ((ULONGLONG)st_u32(hdr + pe + 24 + 28) << 32);
        ndirs = st_u32(hdr + pe + 24 + 108);
        if (ndirs > 3 && optsize >= 112 + 4 * 8)
        {
            dir_rva = st_u32(hdr + pe + 24 + 112 + 3 * 8);
            dir_size = st_u32(hdr + pe + 24 + 112 + 3 * 8 + 4);
        }
    }
    else
    {
        map->image_base = st_u32(hdr + pe + 24 + 28);
        ndirs = st_u32(hdr + pe + 24 + 92);
        if (ndirs > 3 && optsize >= 96 + 4 * 8)
        {
            dir_rva = st_u32(hdr + pe + 24 + 96 + 3 * 8);
            dir_size = st_u32(hdr + pe + 24 + 96 + 3 * 8 + 4);
        }
    }
    map->image_size = st_u32(hdr + pe + 24 + 56);
    if (!nsect || nsect > 96) goto bad;
    sect = malloc(nsect * 40);
    if (!sect || !st_read_at(f, (long)(pe + 24 + optsize), sect, nsect * 40)) goto bad;

    /* .pdata: find the section holding the directory, read its entries */
    if (dir_rva && dir_size >= 12)
    {
        for (i = 0; i < nsect; i++)
        {
            const unsigned char *s = sect + i * 40;
            DWORD va = st_u32(s + 12), raw = st_u32(s + 16), ptr = st_u32(s + 20);
            if (dir_rva >= va && dir_rva - va < raw && dir_size <= raw - (dir_rva - va))
            {
                size_t count = dir_size / 12, k;
                unsigned char *buf = malloc(count * 12);

                map->ranges = malloc(count * sizeof(*map->ranges));
                if (!buf || !map->ranges ||
                    !st_read_at(f, (long)(ptr + (dir_rva - va)), buf, count * 12))
                {
                    free(buf);
                    goto bad;
                }
                for (k = 0; k < count; k++)
                {
                    DWORD b = st_u32(buf + k * 12), e = st_u32(buf + k * 12 + 4);
                    if (b < e && e <= map->image_size)
                    {
                        map->ranges[got].begin = b;
                        map->ranges[got].end = e;
                        got++;
                    }
                }
                free(buf);
                map->from_pdata = got != 0;
                break;
            }
        }
    }
    if (!got)
    {
        /* no exception directory: executable sections */
        free(map->ranges);
        map->ranges = malloc(nsect * sizeof(*map->ranges));
        if (!map->ranges) goto bad;
        for (i = 0; i < nsect; i++)
        {
            const unsigned char *s = sect + i * 40;
            DWORD va = st_u32(s + 12), vsize = st_u32(s + 8), flags = st_u32(s + 36);
            if ((flags & IMAGE_SCN_MEM_EXECUTE) && vsize)
            {
                map->ranges[got].begin = va;
                map->ranges[got].end = va + vsize;
                got++;
            }
        }
    }
    if (!got) { snprintf(err, errlen, "no code ranges in the image"); goto fail; }
    qsort(map->ranges, got, sizeof(*map->ranges), st_range_cmp);
    map->count = got;
    map->cumul = malloc(got * sizeof(*map->cumul));
    if (!map->cumul) goto bad;
    for (i = 0; i < got; i++)
    {
        map->total += map->ranges[i].end - map->ranges[i].begin;
        map->cumul[i] = map->total;
    }
    free(sect);
    fclose(f);
    return TRUE;

bad:
    snprintf(err, errlen, "not a PE image this tool can read");
fail:
    free(sect);
    free(map->ranges);
    free(map->cumul);
    memset(map, 0, sizeof(*map));
    fclose(f);
    return FALSE;
}

static inline void code_map_free(struct code_map *map)
{
    free(map->ranges);
    free(map->cumul);
    memset(map, 0, sizeof(*map));
}

/* xorshift64*: the same sequence on every run for a given seed. */
static inline ULONGLONG st_rng(ULONGLONG *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545f4914f6cdd1dULL;
}

/* Fills rvas[0..n) with code RVAs drawn uniformly over the bytes of the
 * ranges (so a function is hit in proportion to its size), deterministic
 * for a given seed. */
static inline void code_map_sample(const struct code_map *map, ULONGLONG seed, DWORD *rvas, size_t n)
{
    ULONGLONG state = seed ? seed : 0x9e3779b97f4a7c15ULL;
    size_t i;

    for (i = 0; i < n; i++)
    {
        ULONGLONG pos = st_rng(&state) % map->total;
        size_t lo = 0, hi = map->count - 1;

        while (lo < hi)    /* first range whose cumulative end exceeds pos */
        {
            size_t mid = (lo + hi) / 2;
            if (map->cumul[mid] > pos) hi = mid; else lo = mid + 1;
        }
        rvas[i] = map->ranges[lo].end - (DWORD)(map->cumul[lo] - pos);
    }
}

/* Bytes in busy blocks over every heap of the process (HeapWalk): under
 * Wine, GetProcessMemoryInfo reports private bytes as 0. */
static inline SIZE_T heap_in_use(void)
{
    HANDLE stack_heaps[64], *heaps = stack_heaps;
    DWORD count, room = 64, i;
    SIZE_T total = 0;

    for (;;)
    {
        count = GetProcessHeaps(room, heaps);
        if (count <= room) break;
        if (heaps != stack_heaps) VirtualFree(heaps, 0, MEM_RELEASE);
        room = count + 64;
        heaps = VirtualAlloc(NULL, room * sizeof(*heaps), MEM_COMMIT, PAGE_READWRITE);
        if (!heaps) return 0;
    }
    for (i = 0; i < count; i++)
    {
        PROCESS_HEAP_ENTRY entry;

        if (!HeapLock(heaps[i])) continue;
        entry.lpData = NULL;
        while (HeapWalk(heaps[i], &entry))
            if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) total += entry.cbData;
        HeapUnlock(heaps[i]);
    }
    if (heaps != stack_heaps) VirtualFree(heaps, 0, MEM_RELEASE);
    return total;
}

/* Committed private memory of the process in bytes (VirtualQuery walk over
 * the user address space).  Wine 8's HeapWalk leaves out the heap's large
 * blocks (about 512 KiB and up, allocated straight from virtual memory), so
 * heap_in_use() alone misses big tables; this catches them, and anything
 * VirtualAlloc'ed. */
static inline ULONGLONG private_committed(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    SYSTEM_INFO si;
    const char *p;
    ULONGLONG total = 0;

    GetSystemInfo(&si);
    p = si.lpMinimumApplicationAddress;
    while (p < (const char *)si.lpMaximumApplicationAddress &&
           VirtualQuery(p, &mbi, sizeof(mbi)) == sizeof(mbi))
    {
        if (mbi.State == MEM_COMMIT && mbi.Type == MEM_PRIVATE) total += mbi.RegionSize;
        if (!mbi.RegionSize) break;
        p = (const char *)mbi.BaseAddress + mbi.RegionSize;
    }
    return total;
}

/* The module that really exports SymFromAddrW (what the loader bound our
 * import to), its path, and a one-word kind: "builtin" when the DOS stub
 * carries Wine's builtin marker, else "native". */
static inline const char *loaded_dbghelp(char *path, DWORD size)
{
    static const char marker[] = "Wine builtin DLL";
    HMODULE mod = GetModuleHandleA("dbghelp.dll"), owner = NULL;
    FARPROC fn = mod ? GetProcAddress(mod, "SymFromAddrW") : NULL;

    path[0] = 0;
    if (!fn || !GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                   GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                                   (LPCSTR)fn, &owner))
        return "unknown";
    GetModuleFileNameA(owner, path, size);
    return memcmp((const char *)owner + 0x40, marker, sizeof(marker) - 1) ? "native" : "builtin";
}

/* Wide to UTF-8 for printing; the result is truncated to fit. */
static inline const char *st_utf8(const WCHAR *str, char *buf, int size)
{
    if (!WideCharToMultiByte(CP_UTF8, 0, str, -1, buf, size, NULL, NULL))
    {
        if (GetLastError() == ERROR_INSUFFICIENT_BUFFER) buf[size - 1] = 0;
        else buf[0] = 0;
    }
    return buf;
}

#endif /* SYMTOOLS_H */
