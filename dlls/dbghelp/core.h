/*
 * core.h: the portable core of dbghelp (no windows.h).
 *
 * Everything declared here compiles both with mingw (into the DLL) and
 * natively on Linux, where dlls/dbghelp/tests runs it under AddressSanitizer
 * and UndefinedBehaviorSanitizer.  Functions return a status; the Win32
 * layer turns a status into a last-error code once, at the API boundary.
 */
#ifndef DBGHELP_CORE_H
#define DBGHELP_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- arena: one per module, freed in one go at unload ---------------- */

/* A chunk list; every allocation lives until arena_free_all(). */
struct arena
{
    struct arena_chunk *chunks; /* newest first; owned */
    size_t used;                /* bytes used in the newest chunk */
    size_t capacity;            /* usable bytes of the newest chunk */
    size_t total;               /* bytes obtained from malloc, for stats */
};

void arena_init(struct arena *arena);
/* 16-byte aligned, zero-filled memory, or NULL when out of memory. */
void *arena_alloc(struct arena *arena, size_t size);
char *arena_strndup(struct arena *arena, const char *str, size_t len);
void arena_free_all(struct arena *arena);

/* Room for one more element in a malloc'ed array (data, NULL when *cap is
 * 0) holding count elements of elem bytes in *cap: doubles it (from 16) up
 * to max elements.  The array, moved or not; NULL when out of memory or at
 * max (data is then left as it was). */
void *array_reserve(void *data, uint32_t *cap, uint32_t count, size_t elem, uint32_t max);

/* ---- sorted arrays ------------------------------------------------------ */

/* The one binary search of the tree: in an array of n entries of `stride`
 * bytes sorted by the uint32_t key at key_off in each, the number of
 * leading entries whose key is <= key (so the last such entry, if any, is
 * at the result minus one).  Inline: with constant stride and offset it
 * compiles to the loop one would write by hand. */
static inline size_t sorted_count_le(const void *base, size_t n, size_t stride, size_t key_off,
                                     uint32_t key)
{
    const unsigned char *p = base;
    size_t lo = 0, hi = n;

    while (lo < hi)
    {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t k;

        memcpy(&k, p + mid * stride + key_off, sizeof(k));
        if (k <= key) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
#define SORTED_COUNT_LE(array, n, field, key) \
    sorted_count_le((array), (n), sizeof(*(array)), offsetof(__typeof__(*(array)), field), (key))

/* ---- byte view: bounds-checked access to file or image bytes --------- */

struct byte_view
{
    const unsigned char *data; /* not owned */
    size_t size;
};

/* Pointer to [offset, offset+len) or NULL when any byte is out of range. */
const void *view_ptr(const struct byte_view *view, uint64_t offset, uint64_t len);
/* Little-endian readers; return 0 on success, -1 when out of range. */
int view_u16(const struct byte_view *view, uint64_t offset, uint16_t *out);
int view_u32(const struct byte_view *view, uint64_t offset, uint32_t *out);
int view_u64(const struct byte_view *view, uint64_t offset, uint64_t *out);
/* Length of the NUL-terminated string at offset, at most max; -1 when the
 * string runs off the view or is longer than max. */
int64_t view_strlen(const struct byte_view *view, uint64_t offset, size_t max);

/* ---- PE/COFF reader ---------------------------------------------------- */

enum pe_status
{
    PE_OK = 0,
    PE_NOT_PE,     /* no MZ/PE signatures: not an image at all */
    PE_TRUNCATED,  /* headers run past the end of the data */
    PE_BAD_FORMAT, /* inconsistent headers (sizes, magic, counts) */
    PE_NO_MEMORY,
};

struct pe_section
{
    char name[9];     /* short name, NUL-terminated (long names: "/NNN") */
    const char *long_name; /* "/NNN" resolved through the COFF string table
                              (arena), or NULL */
    uint32_t va;      /* RVA of the section */
    uint32_t vsize;   /* VirtualSize (or SizeOfRawData when 0) */
    uint32_t raw_off; /* PointerToRawData */
    uint32_t raw_size;/* SizeOfRawData, clamped to the file */
    uint32_t characteristics;
};

#define PE_MACHINE_I386 0x014c   /* IMAGE_FILE_MACHINE_I386 */

#define PE_DIR_EXPORT 0
#define PE_DIR_EXCEPTION 3
#define PE_DIR_DEBUG 6
#define PE_MAX_DIRS 16

/* What the headers of an image say; sections live in the caller's arena. */
struct pe_image
{
    uint16_t machine;          /* IMAGE_FILE_HEADER.Machine */
    uint16_t characteristics;  /* IMAGE_FILE_HEADER.Characteristics */
    uint32_t timestamp;        /* TimeDateStamp */
    uint32_t checksum;         /* OptionalHeader.CheckSum */
    uint32_t size_of_image;    /* OptionalHeader.SizeOfImage */
    uint32_t entry_point;      /* AddressOfEntryPoint (RVA) */
    uint64_t image_base;       /* preferred load address */
    int pe32plus;              /* 1 for PE32+ (64-bit optional header) */
    uint32_t coff_symtab;      /* PointerToSymbolTable (file offset) */
    uint32_t coff_nsyms;       /* NumberOfSymbols */
    uint32_t nsections;
    struct pe_section *sections;
    uint32_t ndirs;            /* usable data directories (<= 16) */
    struct { uint32_t rva, size; } dirs[PE_MAX_DIRS];
    int mapped;                /* 1: view is a loaded image (RVA == offset) */
};

/* One export; names are arena copies. */
struct pe_export
{
    uint32_t rva;        /* address RVA; for forwarders the forwarder string's */
    uint32_t ordinal;    /* biased ordinal */
    const char *name;    /* NULL for exports by ordinal only */
    const char *forward; /* "dll.name" for forwarded exports, else NULL */
};

/* Parse DOS/NT/optional headers and the section table.  `mapped` says
 * whether the view holds a file (0) or a memory image (1). */
enum pe_status pe_parse(const struct byte_view *view, int mapped, struct arena *arena,
                        struct pe_image *img);
/* File offset of [rva, rva+len) through the section table, or -1. */
int64_t pe_rva_to_offset(const struct pe_image *img, const struct byte_view *view,
                         uint32_t rva, uint32_t len);
/* Read the export table into a new array sorted by RVA.  A missing export
 * directory gives 0 exports and PE_OK; hostile counts are clamped to what
 * the file can hold. */
enum pe_status pe_read_exports(const struct pe_image *img, const struct byte_view *view,
                               struct arena *arena, struct pe_export **exports,
                               uint32_t *count);

/* The .gnu_debuglink of an image: the debug file's name (copied into
 * name[size], NUL-terminated) and the CRC-32 of its contents.  Returns 0,
 * or -1 when there is none or it is malformed. */
int pe_read_debuglink(const struct pe_image *img, const struct byte_view *view, char *name,
                      size_t size, uint32_t *crc);
/* The raw bytes of a section by name (long names too), or NULL. */
const void *pe_section_data(const struct pe_image *img, const struct byte_view *view,
                            const char *name, uint32_t *size);
/* Data directory `index`: 1 with its RVA and size when the image has a
 * non-empty one, else 0. */
int pe_directory(const struct pe_image *img, uint32_t index, uint32_t *rva, uint32_t *size);

/* The CodeView record of the debug directory (IMAGE_DEBUG_TYPE_CODEVIEW):
 * what names the PDB (or, for GNU ld's --build-id, the build id). */
#define PE_CV_RSDS 0x53445352u /* "RSDS": PDB 7.0, GUID + age */
#define PE_CV_NB10 0x3031424eu /* "NB10": PDB 2.0, signature + age */
struct pe_codeview
{
    uint32_t format;          /* PE_CV_RSDS or PE_CV_NB10 */
    uint8_t guid[16];         /* RSDS */
    uint32_t signature;       /* NB10 */
    uint32_t age;
    char path[260];           /* the PDB path as the linker wrote it (truncated) */
    uint32_t rva, size;       /* the record's place in the image */
};
/* The first RSDS or NB10 record of the debug directory: 0 and *cv filled,
 * or -1 when there is none or it is malformed. */
int pe_read_codeview(const struct pe_image *img, const struct byte_view *view, struct pe_codeview *cv);

/* The image checksum of a file as CheckSumMappedFile computes it: the
 * 16-bit one's-complement sum of the file's little-endian words (an odd
 * last byte zero-extended), from which the two words of the stored
 * checksum at `stored_at` are taken out again (no field when stored_at is
 * (size_t)-1, or when it is not inside the file), plus the file's length. */
uint32_t pe_checksum(const unsigned char *data, size_t len, size_t stored_at);
/* Offset of OptionalHeader.CheckSum in a file of `len` bytes, or
 * (size_t)-1 when the headers are not there. */
size_t pe_checksum_offset(const unsigned char *data, size_t len);

/* The debug directory: how many entries it has (0 when none), and entry
 * i with its data (NULL when the data is not inside the view). */
struct pe_debug_entry
{
    uint32_t type;                /* IMAGE_DEBUG_TYPE_* */
    uint32_t rva, size;           /* AddressOfRawData, SizeOfData */
    const unsigned char *data;    /* size bytes, or NULL */
};
uint32_t pe_debug_count(const struct pe_image *img, const struct byte_view *view, uint64_t *dir);
int pe_debug_entry(const struct pe_image *img, const struct byte_view *view, uint64_t dir,
                   uint32_t i, struct pe_debug_entry *out);

/* What symbol servers index an image's debug files by, from every record
 * of its debug directory in order: CodeView records add up (the GUID from
 * RSDS, the signature from NB10, the age and PDB name from the last), the
 * first IMAGE_DEBUG_MISC_EXENAME names the .dbg file.  -1 when the image
 * has no debug directory. */
struct pe_debug_index
{
    uint32_t entries;
    int has_codeview, has_misc;
    uint8_t guid[16];
    uint32_t signature, age;
    char pdb[260];
    char dbg[260];
};
int pe_read_debug_index(const struct pe_image *img, const struct byte_view *view,
                        struct pe_debug_index *out);

/* CRC-32 as .gnu_debuglink uses it (the zlib/PNG polynomial). */
uint32_t pe_crc32(uint32_t crc, const unsigned char *data, size_t len);

/* ---- module index: address -> module, ordered by base ----------------- */

/* An AVL tree of [base, base+size) ranges keyed by base and augmented with
 * the largest end in each subtree, so that lookups by address, insertions
 * and removals are O(log n) even when ranges overlap. */
struct modindex_node;
struct modindex_pool;
struct modindex
{
    struct modindex_node *root;      /* nodes live in the pools */
    size_t count;
    struct modindex_pool *pools;     /* owned: node storage, newest first */
    struct modindex_node *free_list; /* removed nodes, reused first */
};

void modindex_init(struct modindex *index);
/* Insert a range owned by `owner`; -1 when out of memory or base is taken. */
int modindex_insert(struct modindex *index, uint64_t base, uint64_t size, void *owner);
/* Remove the range with this base; returns its owner or NULL. */
void *modindex_remove(struct modindex *index, uint64_t base);
/* Owner of the range with the greatest base <= addr that contains addr,
 * else of any range containing addr, else NULL. */
void *modindex_find(const struct modindex *index, uint64_t addr);
/* Owner of the range starting exactly at base, or NULL. */
void *modindex_find_base(const struct modindex *index, uint64_t base);
/* Call fn for each owner in base order until fn returns non-zero; returns
 * that value or 0. */
int modindex_foreach(const struct modindex *index, int (*fn)(void *owner, void *ctx), void *ctx);
/* Free every node (not the owners). */
void modindex_clear(struct modindex *index);

/* ---- names -------------------------------------------------------------- */

/* Module name from an image path (UTF-16): the base name without its
 * directory and, for known image extensions, without the extension; case
 * kept, truncated to out_len - 1 units.  Returns the length. */
size_t module_name_from_path(const uint16_t *path, uint16_t *out, size_t out_len);

#endif /* DBGHELP_CORE_H */
