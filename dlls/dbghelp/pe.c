/*
 * pe.c: bounds-checked PE/COFF reader (headers, sections, exports).
 *
 * Every offset taken from the file is checked against the view before use;
 * counts are clamped to what the data can hold, so hostile images cost at
 * most their own size in work and memory.
 */
#include <stdlib.h>
#include <string.h>
#include "core.h"

const void *view_ptr(const struct byte_view *view, uint64_t offset, uint64_t len)
{
    if (offset > view->size || len > view->size - offset) return NULL;
    return view->data + offset;
}

int view_u16(const struct byte_view *view, uint64_t offset, uint16_t *out)
{
    const unsigned char *p = view_ptr(view, offset, 2);

    if (!p) return -1;
    *out = (uint16_t)(p[0] | (p[1] << 8));
    return 0;
}

int view_u32(const struct byte_view *view, uint64_t offset, uint32_t *out)
{
    const unsigned char *p = view_ptr(view, offset, 4);

    if (!p) return -1;
    *out = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
    return 0;
}

int view_u64(const struct byte_view *view, uint64_t offset, uint64_t *out)
{
    uint32_t lo, hi;

    if (view_u32(view, offset, &lo) || view_u32(view, offset + 4, &hi)) return -1;
    *out = ((uint64_t)hi << 32) | lo;
    return 0;
}

int64_t view_strlen(const struct byte_view *view, uint64_t offset, size_t max)
{
    const unsigned char *p, *nul;
    size_t avail;

    if (offset >= view->size) return -1;
    p = view->data + offset;
    avail = view->size - offset;
    if (avail > max + 1) avail = max + 1;
    nul = memchr(p, 0, avail);
    return nul ? (int64_t)(nul - p) : -1;
}

/* Header layout offsets (from the PE/COFF specification). */
#define DOS_E_LFANEW 0x3c
#define FILE_HEADER_SIZE 20
#define OPT_MAGIC_PE32 0x10b
#define OPT_MAGIC_PE32PLUS 0x20b
#define SECTION_HEADER_SIZE 40
/* Windows refuses more sections than this; so do we. */
#define PE_MAX_SECTIONS 96

/* "/NNN" section names: offset NNN into the COFF string table, which
 * follows the symbol table in the file.  Images in memory have no string
 * table mapped; their long names stay unresolved. */
static void resolve_long_names(const struct byte_view *view, struct arena *arena,
                               struct pe_image *img)
{
    uint64_t strtab;
    uint32_t strsize, i;

    if (img->mapped || !img->coff_symtab) return;
    strtab = (uint64_t)img->coff_symtab + (uint64_t)img->coff_nsyms * 18;
    if (view_u32(view, strtab, &strsize) || strsize < 4) return;
    for (i = 0; i < img->nsections; i++)
    {
        struct pe_section *s = &img->sections[i];
        uint64_t off = 0;
        const char *p;
        int64_t len;

        if (s->name[0] != '/' || !s->name[1]) continue;
        for (p = s->name + 1; *p >= '0' && *p <= '9'; p++) off = off * 10 + (uint64_t)(*p - '0');
        if (*p || off < 4 || off >= strsize) continue;
        if ((len = view_strlen(view, strtab + off, 256)) <= 0) continue;
        s->long_name = arena_strndup(arena, (const char *)view_ptr(view, strtab + off, (uint64_t)len),
                                     (size_t)len);
    }
}

/* Images in memory have no string table, but GNU ld writes the long
 * section names first into it, in section order, so the offsets "/NNN" of
 * consecutive sections give the length of each name but the last; and ld
 * places debug sections in a fixed order (its default linker script).  The
 * names are recovered by walking that order for names of those lengths;
 * the last one takes the first name still possible in a short list of the
 * usual last sections.  A wrong guess only leaves libdwarf without a
 * section; nothing is guessed when a length has no candidate. */
static const char *const ld_debug_order[] = {
    /* ld's order, less the sections gcc does not emit by default (the
     * pubnames family and SGI's weaknames...varnames), whose lengths would
     * make the walk ambiguous.  i386 images have a long .eh_frame before
     * the debug sections. */
    ".eh_frame", ".debug_aranges", ".debug_info", ".debug_abbrev", ".debug_line", ".debug_frame",
    ".debug_str", ".debug_loc", ".debug_macinfo", ".debug_ranges", ".debug_types",
    ".debug_addr", ".debug_line_str", ".debug_loclists", ".debug_macro", ".debug_names",
    ".debug_rnglists", ".debug_str_offsets", ".debug_sup", ".debug_gdb_scripts",
    ".gnu_debuglink",
};
static const char *const usual_last[] = {
    ".debug_ranges", ".debug_rnglists", ".debug_str_offsets", ".debug_addr", ".debug_loclists",
    ".debug_line_str", ".gnu_debuglink",
};

static void guess_long_names(struct arena *arena, struct pe_image *img)
{
    uint32_t idx[PE_MAX_SECTIONS], off[PE_MAX_SECTIONS], count = 0, i, j, k, pos = 0;
    const char *names[PE_MAX_SECTIONS];

    for (i = 0; i < img->nsections && count < PE_MAX_SECTIONS; i++)
    {
        const char *p = img->sections[i].name;
        uint32_t n = 0;

        if (p[0] != '/' || !p[1]) continue;
        for (p++; *p >= '0' && *p <= '9'; p++) n = n * 10 + (uint32_t)(*p - '0');
        if (*p) continue;
        if (count && n <= off[count - 1]) return; /* not in string-table order */
        idx[count] = i;
        off[count++] = n;
    }
    for (k = 0; k < count; k++)
    {
        size_t len = k + 1 < count ? off[k + 1] - off[k] - 1 : 0;

        names[k] = NULL;
        for (j = pos; j < sizeof(ld_debug_order) / sizeof(ld_debug_order[0]); j++)
        {
            if (len ? strlen(ld_debug_order[j]) == len : 0) break;
            if (!len)
            {
                size_t u;

                for (u = 0; u < sizeof(usual_last) / sizeof(usual_last[0]); u++)
                    if (!strcmp(ld_debug_order[j], usual_last[u])) break;
                if (u < sizeof(usual_last) / sizeof(usual_last[0])) break;
            }
        }
        if (j == sizeof(ld_debug_order) / sizeof(ld_debug_order[0])) return;
        names[k] = ld_debug_order[j];
        pos = j + 1;
    }
    for (k = 0; k < count; k++)
        img->sections[idx[k]].long_name = arena_strndup(arena, names[k], strlen(names[k]));
}

enum pe_status pe_parse(const struct byte_view *view, int mapped, struct arena *arena,
                        struct pe_image *img)
{
    uint16_t mz, magic, nsect = 0, opt_size = 0;
    uint32_t lfanew, sig, ndirs, i;
    uint64_t fh, opt, dirs_off, sect_off;

    memset(img, 0, sizeof(*img));
    img->mapped = mapped;
    if (view_u16(view, 0, &mz) || mz != 0x5a4d) return view->size < 2 ? PE_TRUNCATED : PE_NOT_PE;
    if (view_u32(view, DOS_E_LFANEW, &lfanew)) return PE_TRUNCATED;
    if (view_u32(view, lfanew, &sig)) return PE_TRUNCATED;
    if (sig != 0x00004550) return PE_NOT_PE;
    fh = (uint64_t)lfanew + 4;
    if (!view_ptr(view, fh, FILE_HEADER_SIZE)) return PE_TRUNCATED;
    view_u16(view, fh + 0, &img->machine);
    view_u16(view, fh + 2, &nsect);
    view_u32(view, fh + 4, &img->timestamp);
    view_u32(view, fh + 8, &img->coff_symtab);
    view_u32(view, fh + 12, &img->coff_nsyms);
    view_u16(view, fh + 16, &opt_size);
    view_u16(view, fh + 18, &img->characteristics);

    opt = fh + FILE_HEADER_SIZE;
    if (view_u16(view, opt, &magic)) return PE_TRUNCATED;
    if (magic == OPT_MAGIC_PE32PLUS)
    {
        if (opt_size < 112 || !view_ptr(view, opt, 112)) return opt_size < 112 ? PE_BAD_FORMAT : PE_TRUNCATED;
        img->pe32plus = 1;
        view_u32(view, opt + 16, &img->entry_point);
        view_u64(view, opt + 24, &img->image_base);
        view_u32(view, opt + 56, &img->size_of_image);
        view_u32(view, opt + 64, &img->checksum);
        view_u32(view, opt + 108, &ndirs);
        dirs_off = opt + 112;
    }
    else if (magic == OPT_MAGIC_PE32)
    {
        uint32_t base32;

        if (opt_size < 96 || !view_ptr(view, opt, 96)) return opt_size < 96 ? PE_BAD_FORMAT : PE_TRUNCATED;
        view_u32(view, opt + 16, &img->entry_point);
        view_u32(view, opt + 28, &base32);
        img->image_base = base32;
        view_u32(view, opt + 56, &img->size_of_image);
        view_u32(view, opt + 64, &img->checksum);
        view_u32(view, opt + 92, &ndirs);
        dirs_off = opt + 96;
    }
    else
        return PE_BAD_FORMAT;

    /* Data directories: only those inside both the optional header and the
     * data are trusted. */
    if (ndirs > PE_MAX_DIRS) ndirs = PE_MAX_DIRS;
    if (dirs_off + 8ull * ndirs > opt + opt_size) ndirs = (uint32_t)((opt + opt_size - dirs_off) / 8);
    for (i = 0; i < ndirs; i++)
    {
        if (view_u32(view, dirs_off + 8 * i, &img->dirs[i].rva) ||
            view_u32(view, dirs_off + 8 * i + 4, &img->dirs[i].size))
            break;
    }
    img->ndirs = i;

    if (nsect > PE_MAX_SECTIONS) return PE_BAD_FORMAT;
    sect_off = opt + opt_size;
    if (!view_ptr(view, sect_off, (uint64_t)nsect * SECTION_HEADER_SIZE)) return PE_TRUNCATED;
    img->sections = nsect ? arena_alloc(arena, nsect * sizeof(*img->sections)) : NULL;
    if (nsect && !img->sections) return PE_NO_MEMORY;
    for (i = 0; i < nsect; i++)
    {
        const unsigned char *sh = view_ptr(view, sect_off + (uint64_t)i * SECTION_HEADER_SIZE,
                                           SECTION_HEADER_SIZE);
        struct pe_section *s = &img->sections[i];
        uint64_t base = sect_off + (uint64_t)i * SECTION_HEADER_SIZE;

        memcpy(s->name, sh, 8);
        s->name[8] = 0;
        view_u32(view, base + 8, &s->vsize);
        view_u32(view, base + 12, &s->va);
        view_u32(view, base + 16, &s->raw_size);
        view_u32(view, base + 20, &s->raw_off);
        view_u32(view, base + 36, &s->characteristics);
        if (!s->vsize) s->vsize = s->raw_size;
        /* Clamp raw data to the file so later reads cannot run past it. */
        if (s->raw_off >= view->size) s->raw_size = 0;
        else if (s->raw_size > view->size - s->raw_off)
            s->raw_size = (uint32_t)(view->size - s->raw_off);
    }
    img->nsections = nsect;
    if (mapped) guess_long_names(arena, img);
    else resolve_long_names(view, arena, img);
    return PE_OK;
}

const void *pe_section_data(const struct pe_image *img, const struct byte_view *view,
                            const char *name, uint32_t *size)
{
    uint32_t i;

    for (i = 0; i < img->nsections; i++)
    {
        const struct pe_section *s = &img->sections[i];
        const char *sname = s->long_name ? s->long_name : s->name;
        uint64_t off = img->mapped ? s->va : s->raw_off;
        uint32_t len = img->mapped ? s->vsize : s->raw_size;

        if (strcmp(sname, name)) continue;
        if (s->vsize && s->vsize < len) len = s->vsize;
        *size = len;
        return view_ptr(view, off, len);
    }
    return NULL;
}

int pe_read_debuglink(const struct pe_image *img, const struct byte_view *view, char *name,
                      size_t size, uint32_t *crc)
{
    uint32_t len;
    const unsigned char *data = pe_section_data(img, view, ".gnu_debuglink", &len);
    size_t n, crc_off;

    if (!data || !len || !size) return -1;
    for (n = 0; n < len && data[n]; n++) {}
    if (!n || n == len || n >= size) return -1;
    crc_off = (n + 4) & ~(size_t)3;
    if (crc_off + 4 > len) return -1;
    memcpy(name, data, n);
    name[n] = 0;
    *crc = data[crc_off] | data[crc_off + 1] << 8 | data[crc_off + 2] << 16 |
           (uint32_t)data[crc_off + 3] << 24;
    return 0;
}

uint32_t pe_crc32(uint32_t crc, const unsigned char *data, size_t len)
{
    uint32_t table[256], c, n, k;
    size_t i;

    /* Built per call (cheap next to hashing a file): no shared state. */
    for (n = 0; n < 256; n++)
    {
        for (c = n, k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    crc = ~crc;
    for (i = 0; i < len; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

uint32_t pe_checksum(const unsigned char *data, size_t len, size_t stored_at)
{
    uint32_t sum = 0, w0, w1;
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
    {
        sum += data[i] | (uint32_t)data[i + 1] << 8;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if (len & 1)
    {
        sum += data[len - 1];
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum = (sum + (sum >> 16)) & 0xffff;
    /* Take the stored checksum out as Microsoft's imagehlp does: each
     * word subtracted with a borrow from the sum. */
    if (stored_at != (size_t)-1 && stored_at <= len && len - stored_at >= 4)
    {
        w0 = data[stored_at] | (uint32_t)data[stored_at + 1] << 8;
        w1 = data[stored_at + 2] | (uint32_t)data[stored_at + 3] << 8;
        sum -= sum < w0;
        sum -= w0;
        sum &= 0xffff;
        sum -= sum < w1;
        sum -= w1;
        sum &= 0xffff;
    }
    return sum + (uint32_t)len;
}

size_t pe_checksum_offset(const unsigned char *data, size_t len)
{
    struct byte_view view = { data, len };
    uint32_t lfanew, sig;
    uint16_t magic;
    uint64_t opt;

    if (len < 2 || data[0] != 'M' || data[1] != 'Z') return (size_t)-1;
    if (view_u32(&view, DOS_E_LFANEW, &lfanew) || view_u32(&view, lfanew, &sig) ||
        sig != 0x00004550)
        return (size_t)-1;
    opt = (uint64_t)lfanew + 4 + FILE_HEADER_SIZE;
    if (view_u16(&view, opt, &magic) || (magic != OPT_MAGIC_PE32 && magic != OPT_MAGIC_PE32PLUS) ||
        !view_ptr(&view, opt + 64, 4))
        return (size_t)-1;
    return (size_t)(opt + 64);
}

int64_t pe_rva_to_offset(const struct pe_image *img, const struct byte_view *view,
                         uint32_t rva, uint32_t len)
{
    uint32_t i;

    if (img->mapped)
        return view_ptr(view, rva, len) ? (int64_t)rva : -1;
    for (i = 0; i < img->nsections; i++)
    {
        const struct pe_section *s = &img->sections[i];

        if (rva >= s->va && rva - s->va < s->raw_size)
        {
            uint32_t delta = rva - s->va;

            if (len > s->raw_size - delta) return -1;
            return (int64_t)s->raw_off + delta;
        }
    }
    /* Headers are mapped at RVA 0 as they are in the file. */
    if (img->nsections && rva < img->sections[0].raw_off && view_ptr(view, rva, len))
        return rva;
    return -1;
}

static int export_cmp(const void *a, const void *b)
{
    const struct pe_export *x = a, *y = b;

    if (x->rva != y->rva) return x->rva < y->rva ? -1 : 1;
    return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

/* A string at an RVA, copied into the arena; NULL when unreadable. */
static const char *copy_rva_string(const struct pe_image *img, const struct byte_view *view,
                                   struct arena *arena, uint32_t rva, size_t max)
{
    int64_t off = pe_rva_to_offset(img, view, rva, 1), len;

    if (off < 0) return NULL;
    if ((len = view_strlen(view, (uint64_t)off, max)) < 0) return NULL;
    return arena_strndup(arena, (const char *)view->data + off, (size_t)len);
}

enum pe_status pe_read_exports(const struct pe_image *img, const struct byte_view *view,
                               struct arena *arena, struct pe_export **exports,
                               uint32_t *count)
{
    uint32_t dir_rva, dir_size, nfuncs, nnames, funcs_rva, names_rva, ords_rva, ord_base;
    uint32_t i, n = 0;
    int64_t dir, funcs, names, ords;
    struct pe_export *out;
    unsigned char *named;

    *exports = NULL;
    *count = 0;
    if (img->ndirs <= PE_DIR_EXPORT || !img->dirs[PE_DIR_EXPORT].rva ||
        !img->dirs[PE_DIR_EXPORT].size)
        return PE_OK;
    dir_rva = img->dirs[PE_DIR_EXPORT].rva;
    dir_size = img->dirs[PE_DIR_EXPORT].size;
    if ((dir = pe_rva_to_offset(img, view, dir_rva, 40)) < 0) return PE_BAD_FORMAT;
    view_u32(view, dir + 16, &ord_base);
    view_u32(view, dir + 20, &nfuncs);
    view_u32(view, dir + 24, &nnames);
    view_u32(view, dir + 28, &funcs_rva);
    view_u32(view, dir + 32, &names_rva);
    view_u32(view, dir + 36, &ords_rva);

    /* Clamp the counts to the bytes that back them. */
    if (nfuncs > view->size / 4) nfuncs = (uint32_t)(view->size / 4);
    if (nnames > view->size / 4) nnames = (uint32_t)(view->size / 4);
    if (nnames > nfuncs) nnames = nfuncs;
    if (!nfuncs) return PE_OK;
    if ((funcs = pe_rva_to_offset(img, view, funcs_rva, nfuncs * 4)) < 0) return PE_BAD_FORMAT;
    names = nnames ? pe_rva_to_offset(img, view, names_rva, nnames * 4) : -1;
    ords = nnames ? pe_rva_to_offset(img, view, ords_rva, nnames * 2) : -1;
    if (names < 0 || ords < 0) nnames = 0;

    out = arena_alloc(arena, (size_t)nfuncs * sizeof(*out));
    named = calloc(nfuncs, 1);
    if (!out || !named)
    {
        free(named);
        return PE_NO_MEMORY;
    }
    /* Named entries first: each names one slot of the address table. */
    for (i = 0; i < nnames; i++)
    {
        uint32_t name_rva, rva;
        uint16_t ord = 0;
        const char *name;

        view_u32(view, names + 4ull * i, &name_rva);
        view_u16(view, ords + 2ull * i, &ord);
        if (ord >= nfuncs || named[ord]) continue;
        view_u32(view, funcs + 4ull * ord, &rva);
        if (!rva || !(name = copy_rva_string(img, view, arena, name_rva, 4096))) continue;
        named[ord] = 1;
        out[n].rva = rva;
        out[n].ordinal = ord_base + ord;
        out[n].name = name;
        n++;
    }
    /* Then the slots exported by ordinal only. */
    for (i = 0; i < nfuncs; i++)
    {
        uint32_t rva;

        if (named[i]) continue;
        view_u32(view, funcs + 4ull * i, &rva);
        if (!rva) continue;
        out[n].rva = rva;
        out[n].ordinal = ord_base + i;
        out[n].name = NULL;
        n++;
    }
    free(named);
    /* An address inside the export directory is a forwarder string. */
    for (i = 0; i < n; i++)
        if (out[i].rva >= dir_rva && out[i].rva - dir_rva < dir_size)
            out[i].forward = copy_rva_string(img, view, arena, out[i].rva, 1024);
    qsort(out, n, sizeof(*out), export_cmp);
    *exports = out;
    *count = n;
    return PE_OK;
}

/* Extensions that name an image kind; the module name drops them. */
static int is_image_ext(const uint16_t *ext, size_t len)
{
    static const char *const exts[] = { "dll", "exe", "sys", "drv", "ocx", "cpl", "scr",
                                        "efi", "acm", "ax", "tlb", "mui", "com", "dbg",
                                        "pdb", "so" };
    size_t i, j;

    for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
    {
        const char *e = exts[i];

        if (strlen(e) != len) continue;
        for (j = 0; j < len; j++)
        {
            uint16_t c = ext[j];

            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if (c != (unsigned char)e[j]) break;
        }
        if (j == len) return 1;
    }
    return 0;
}

size_t module_name_from_path(const uint16_t *path, uint16_t *out, size_t out_len)
{
    const uint16_t *start = path, *end, *p, *dot = NULL;
    size_t len;

    if (!out_len) return 0;
    for (p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':') start = p + 1;
    end = p;
    for (p = start; p < end; p++)
        if (*p == '.') dot = p;
    if (dot && dot > start && is_image_ext(dot + 1, (size_t)(end - dot - 1))) end = dot;
    len = (size_t)(end - start);
    if (len > out_len - 1) len = out_len - 1;
    memcpy(out, start, len * sizeof(*out));
    out[len] = 0;
    return len;
}

/* ---- data directories and the debug directory ---------------------------- */

int pe_directory(const struct pe_image *img, uint32_t index, uint32_t *rva, uint32_t *size)
{
    if (index >= img->ndirs || !img->dirs[index].rva || !img->dirs[index].size) return 0;
    *rva = img->dirs[index].rva;
    *size = img->dirs[index].size;
    return 1;
}

#define DEBUG_DIR_ENTRY 28       /* sizeof(IMAGE_DEBUG_DIRECTORY) */
#define DEBUG_TYPE_CODEVIEW 2
#define DEBUG_TYPE_MISC 4
#define DEBUG_MISC_EXENAME 1
#define DEBUG_DIR_MAX 256        /* entries looked at */

uint32_t pe_debug_count(const struct pe_image *img, const struct byte_view *view, uint64_t *dir)
{
    uint32_t rva, size, n;
    int64_t off;

    if (!pe_directory(img, PE_DIR_DEBUG, &rva, &size)) return 0;
    n = size / DEBUG_DIR_ENTRY;
    if (n > DEBUG_DIR_MAX) n = DEBUG_DIR_MAX;
    if (!n || (off = pe_rva_to_offset(img, view, rva, n * DEBUG_DIR_ENTRY)) < 0) return 0;
    *dir = (uint64_t)off;
    return n;
}

int pe_debug_entry(const struct pe_image *img, const struct byte_view *view, uint64_t dir,
                   uint32_t i, struct pe_debug_entry *out)
{
    uint64_t e = dir + (uint64_t)i * DEBUG_DIR_ENTRY;
    uint32_t data_off;
    uint64_t at;

    memset(out, 0, sizeof(*out));
    if (view_u32(view, e + 12, &out->type) || view_u32(view, e + 16, &out->size) ||
        view_u32(view, e + 20, &out->rva) || view_u32(view, e + 24, &data_off))
        return -1;
    /* A file is read at PointerToRawData, a memory image at
     * AddressOfRawData (the record may lie outside every section). */
    at = img->mapped ? out->rva : data_off;
    out->data = out->size ? view_ptr(view, at, out->size) : NULL;
    return 0;
}

/* An RSDS or NB10 record: 0 and *cv filled, else -1. */
static int parse_codeview(const unsigned char *p, uint32_t len, uint32_t rva, struct pe_codeview *cv)
{
    struct byte_view rec = { p, len };
    uint32_t magic, fixed;
    const char *path;
    size_t k, max;

    if (!p || view_u32(&rec, 0, &magic)) return -1;
    if (magic == PE_CV_RSDS)
    {
        fixed = 24;
        if (len < fixed) return -1;
        memcpy(cv->guid, p + 4, 16);
        view_u32(&rec, 20, &cv->age);
    }
    else if (magic == PE_CV_NB10)
    {
        fixed = 16;
        if (len < fixed) return -1;
        view_u32(&rec, 8, &cv->signature);
        view_u32(&rec, 12, &cv->age);
    }
    else
        return -1;
    cv->format = magic;
    cv->rva = rva;
    cv->size = len;
    /* The path: NUL-terminated within the record, else its bytes. */
    path = (const char *)p + fixed;
    max = len - fixed;
    for (k = 0; k < max && k + 1 < sizeof(cv->path) && path[k]; k++) cv->path[k] = path[k];
    cv->path[k] = 0;
    return 0;
}

int pe_read_codeview(const struct pe_image *img, const struct byte_view *view, struct pe_codeview *cv)
{
    struct pe_debug_entry e;
    uint64_t dir = 0;
    uint32_t i, n = pe_debug_count(img, view, &dir);

    memset(cv, 0, sizeof(*cv));
    for (i = 0; i < n; i++)
    {
        if (pe_debug_entry(img, view, dir, i, &e) || e.type != DEBUG_TYPE_CODEVIEW) continue;
        if (!parse_codeview(e.data, e.size, e.rva, cv)) return 0;
        memset(cv, 0, sizeof(*cv));
    }
    return -1;
}

int pe_read_debug_index(const struct pe_image *img, const struct byte_view *view,
                        struct pe_debug_index *out)
{
    struct pe_debug_entry e;
    struct pe_codeview cv;
    uint64_t dir = 0;
    uint32_t i, n = pe_debug_count(img, view, &dir);

    memset(out, 0, sizeof(*out));
    out->entries = n;
    for (i = 0; i < n; i++)
    {
        if (pe_debug_entry(img, view, dir, i, &e)) continue;
        if (e.type == DEBUG_TYPE_CODEVIEW)
        {
            memset(&cv, 0, sizeof(cv));
            if (parse_codeview(e.data, e.size, e.rva, &cv)) continue;
            /* Records add up: the GUID from RSDS, the signature from NB10,
             * the age and the PDB name from the last one. */
            if (cv.format == PE_CV_RSDS) memcpy(out->guid, cv.guid, 16);
            else out->signature = cv.signature;
            out->age = cv.age;
            memcpy(out->pdb, cv.path, sizeof(out->pdb));
            out->has_codeview = 1;
        }
        else if (e.type == DEBUG_TYPE_MISC && e.data && e.size > 12 && !out->has_misc)
        {
            struct byte_view rec = { e.data, e.size };
            uint32_t kind, len;
            size_t k, max;

            if (view_u32(&rec, 0, &kind) || kind != DEBUG_MISC_EXENAME) continue;
            if (view_u32(&rec, 4, &len) || len > e.size) len = e.size;
            if (len <= 12) continue;
            max = len - 12;
            if (e.data[8])
            {
                /* UTF-16: the low bytes of each unit (names are ASCII). */
                for (k = 0; 2 * k + 1 < max && k + 1 < sizeof(out->dbg) && e.data[12 + 2 * k]; k++)
                    out->dbg[k] = (char)e.data[12 + 2 * k];
            }
            else
                for (k = 0; k < max && k + 1 < sizeof(out->dbg) && e.data[12 + k]; k++)
                    out->dbg[k] = (char)e.data[12 + k];
            out->dbg[k] = 0;
            out->has_misc = 1;
        }
    }
    return n ? 0 : -1;
}
