/*
 * pdb.c: the PDB reader behind the seam (reader.h), portable core.
 *
 * The image's CodeView record (RSDS: GUID + age, NB10: signature + age)
 * names the PDB; search.c finds candidates and pdb_accept keeps the one
 * whose identity matches.  The file is an MSF container (msf.c) whose
 * streams are read here as LLVM's "The PDB File Format" documents them:
 *
 *   1  the PDB info stream: version, signature, age, GUID, the named
 *      stream map ("/names") and the feature codes ("MINI" marks a
 *      /DEBUG:FASTLINK PDB, whose symbols stay in the object files);
 *   3  DBI: the module list, each module's symbol stream, and the
 *      optional debug header naming the section header stream;
 *   the symbol record stream (publics S_PUB32, globals S_GDATA32 /
 *      S_LDATA32; procedures are only referenced from there);
 *   each module's stream: its symbols (S_GPROC32 / S_LPROC32 and their
 *      _ID forms, S_BLOCK32, S_INLINESITE with binary annotations, ...)
 *      and its C13 line subsections (lines, file checksums, inlinee lines);
 *   4  IPI: the LF_FUNC_ID / LF_MFUNC_ID records naming inlined functions;
 *   2  TPI: only the sizes of global variables' types, so far.
 *
 * Addresses are section:offset; the section headers of the DBI stream
 * (else the image's) turn them into RVAs.  Everything read is bounded by
 * the stream it is in; a hostile file costs at most a few times its size.
 */
#include <stdlib.h>
#include <string.h>
#include "reader.h"
#include "msf.h"
#include "pdb_int.h"
#include "types.h"

#define PDB_STREAM_INFO 1
#define PDB_STREAM_TPI 2
#define PDB_STREAM_DBI 3
#define PDB_STREAM_IPI 4
#define PDB_NIL16 0xffff

#define PDB_VERSION_VC70 20000404
#define PDB_FEATURE_MINI 0x494e494du /* "MINI": /DEBUG:FASTLINK */

/* Symbol record kinds. */
#define S_END            0x0006
#define S_THUNK32        0x1102
#define S_BLOCK32        0x1103
#define S_LABEL32        0x1105
#define S_LDATA32        0x110c
#define S_GDATA32        0x110d
#define S_PUB32          0x110e
#define S_LPROC32        0x110f
#define S_GPROC32        0x1110
#define S_LTHREAD32      0x1112
#define S_GTHREAD32      0x1113
#define S_LPROC32_ID     0x1146
#define S_GPROC32_ID     0x1147
#define S_INLINESITE     0x114d
#define S_INLINESITE_END 0x114e
#define S_PROC_ID_END    0x114f
#define S_SEPCODE        0x1132
#define S_INLINESITE2    0x115d

/* C13 subsections. */
#define DEBUG_S_LINES        0xf2
#define DEBUG_S_FILECHKSMS   0xf4
#define DEBUG_S_INLINEELINES 0xf6
#define DEBUG_S_IGNORE       0x80000000u

/* IPI leaves. */
#define LF_FUNC_ID   0x1601
#define LF_MFUNC_ID  0x1602
#define LF_STRING_ID 0x1605

/* Nesting deeper than this is not followed (a hostile file's S_END-less
 * chain of scopes). */
#define PDB_MAX_DEPTH 64

#define get16 pdb_get16
#define get32 pdb_get32

/* ---- streams and records -------------------------------------------- */

/* A private copy of a whole stream; a nil or empty stream is empty. */
static int stream_load(const struct msf *msf, uint32_t index, struct pdb_stream *s)
{
    int64_t size = msf_stream_size(msf, index);

    s->data = NULL;
    s->size = 0;
    if (size <= 0) return 0;
    if (!(s->data = malloc((size_t)size))) return -1;
    if (msf_read(msf, index, 0, s->data, (uint32_t)size))
    {
        free(s->data);
        s->data = NULL;
        return -1;
    }
    s->size = (uint32_t)size;
    return 0;
}

/* The record at *pos in [.., end) of base: 1 with *r filled and *pos
 * moved past it, 0 at the end or at a record that does not fit. */
static int next_rec(const unsigned char *base, uint32_t end, uint32_t *pos, struct cvrec *r)
{
    uint32_t len;

    if (*pos > end || end - *pos < 4) return 0;
    len = get16(base + *pos);
    if (len < 2 || len > end - *pos - 2) return 0;
    r->kind = get16(base + *pos + 2);
    r->data = base + *pos + 4;
    r->len = len - 2;
    r->off = *pos;
    *pos += 2 + len;
    return 1;
}

/* The NUL-terminated name at `at` in a record: its length, or -1 when the
 * record is shorter or the name unterminated. */
static int rec_name(const struct cvrec *r, uint32_t at, const char **name)
{
    return at > r->len ? -1 : pdb_cstr(r->data + at, r->len - at, name);
}

int pdb_cstr(const unsigned char *p, uint32_t avail, const char **name)
{
    const unsigned char *nul = avail ? memchr(p, 0, avail) : NULL;

    if (!nul) return -1;
    *name = (const char *)p;
    return (int)(nul - p);
}

/* ---- the file ------------------------------------------------------- */

struct pdb_section
{
    uint32_t va, vsize;
};

struct pdb_module
{
    uint16_t stream;
    uint32_t sym_bytes, c11_bytes, c13_bytes;
    const char *name;           /* in the kept DBI stream */
};

struct pdb
{
    struct msf msf;
    struct arena scratch;       /* the MSF directory */
    uint32_t age, signature, version;
    uint8_t guid[16];
    int mini;                   /* /DEBUG:FASTLINK */
    uint16_t sym_stream, names_stream, sechdr_stream;
    uint16_t fpo_stream, newfpo_stream;  /* old FPO_DATA, FrameData */
    struct pdb_section *sections;
    uint32_t nsections;
    struct pdb_module *modules;
    uint32_t nmodules;
    uint32_t contrib_off, contrib_size; /* section contributions in dbi */
    struct pdb_stream dbi;      /* kept: the module names */
    struct pdb_stream names;        /* "/names": the string table */
    struct pdb_types ipi;       /* IPI records (inlinee names) */
    struct pdb_types tpi;       /* TPI records (types) */
};

/* The info stream: identity, "/names" and the features. */
static int read_info(struct pdb *p)
{
    struct pdb_stream s;
    uint32_t pos, strsize, count, cap, words, i, present_at, j;
    int ret = -1;

    p->names_stream = PDB_NIL16;
    if (stream_load(&p->msf, PDB_STREAM_INFO, &s)) return -1;
    if (s.size < 28) goto done;
    p->version = get32(s.data);
    p->signature = get32(s.data + 4);
    p->age = get32(s.data + 8);
    memcpy(p->guid, s.data + 12, 16);
    ret = 0;
    /* The named stream map: a string buffer, then a hash table of
     * (string offset, stream) pairs for the bits set in its present
     * vector. */
    pos = 28;
    if (s.size - pos < 4) goto done;
    strsize = get32(s.data + pos);
    pos += 4;
    if (strsize > s.size - pos) goto done;
    pos += strsize;
    if (s.size - pos < 12) goto done;
    count = get32(s.data + pos);
    cap = get32(s.data + pos + 4);
    words = get32(s.data + pos + 8);
    pos += 12;
    if (words > (s.size - pos) / 4 || count > cap) goto done;
    present_at = pos;
    pos += words * 4;
    if (s.size - pos < 4) goto done;
    j = get32(s.data + pos); /* deleted vector */
    pos += 4;
    if (j > (s.size - pos) / 4) goto done;
    pos += j * 4;
    for (i = 0; i < cap && i < words * 32u; i++)
    {
        uint32_t key, value;

        if (!(get32(s.data + present_at + 4 * (i / 32)) & (1u << (i % 32)))) continue;
        if (s.size - pos < 8) goto done;
        key = get32(s.data + pos);
        value = get32(s.data + pos + 4);
        pos += 8;
        if (key < strsize && memchr(s.data + 32 + key, 0, strsize - key) &&
            !strcmp((const char *)s.data + 32 + key, "/names") && value < PDB_NIL16)
            p->names_stream = (uint16_t)value;
    }
    /* Then the feature codes, to the end of the stream. */
    for (; s.size - pos >= 4; pos += 4)
        if (get32(s.data + pos) == PDB_FEATURE_MINI) p->mini = 1;
done:
    free(s.data);
    return ret;
}

/* DBI: the module list, the symbol record stream, the section headers. */
static int read_dbi(struct pdb *p, const struct pe_image *img)
{
    struct pdb_stream s;
    uint32_t modsize, pos, end, n, optsize, optpos;
    int ret = -1;

    p->sym_stream = p->sechdr_stream = p->fpo_stream = p->newfpo_stream = PDB_NIL16;
    if (stream_load(&p->msf, PDB_STREAM_DBI, &s)) return -1;
    if (s.size < 64 || get32(s.data) != 0xffffffffu) goto done;
    p->age = get32(s.data + 8);
    p->sym_stream = get16(s.data + 20);
    modsize = get32(s.data + 24);
    optsize = get32(s.data + 48);
    if (modsize > s.size - 64) goto done;
    /* Modules: 64 fixed bytes, two names, 4-aligned. */
    for (pos = 64, end = 64 + modsize, n = 0; end - pos >= 64; n++)
    {
        const unsigned char *m = s.data + pos;
        const unsigned char *nul1, *nul2;

        if (!(nul1 = memchr(m + 64, 0, end - pos - 64))) break;
        if (!(nul2 = memchr(nul1 + 1, 0, s.data + end - (nul1 + 1)))) break;
        if (n % 64 == 0)
        {
            struct pdb_module *grown = realloc(p->modules, (n + 64) * sizeof(*grown));

            if (!grown) goto done;
            p->modules = grown;
        }
        p->modules[n].stream = get16(m + 34);
        p->modules[n].sym_bytes = get32(m + 36);
        p->modules[n].c11_bytes = get32(m + 40);
        p->modules[n].c13_bytes = get32(m + 44);
        p->modules[n].name = (const char *)m + 64;
        pos = (uint32_t)(nul2 + 1 - s.data);
        pos = (pos + 3) & ~3u;
        if (pos > end) break;
    }
    p->nmodules = n;
    ret = 0;
    p->contrib_off = 64 + modsize;
    p->contrib_size = get32(s.data + 28) <= s.size - p->contrib_off ? get32(s.data + 28) : 0;
    /* The optional debug header sits at the end of the substreams: its
     * sixth entry is the section header stream. */
    {
        /* Modules, section contributions, section map, files, type
         * server map, EC names (MFCTypeServerIndex at +44 is no size). */
        uint64_t before = 64ull + modsize + get32(s.data + 28) + get32(s.data + 32) +
                          get32(s.data + 36) + get32(s.data + 40) + get32(s.data + 52);

        optpos = before <= s.size ? (uint32_t)before : s.size;
    }
    if (optsize <= s.size - optpos && optsize >= 12) p->sechdr_stream = get16(s.data + optpos + 10);
    if (optsize <= s.size - optpos && optsize >= 2) p->fpo_stream = get16(s.data + optpos);
    if (optsize <= s.size - optpos && optsize >= 20) p->newfpo_stream = get16(s.data + optpos + 18);
    if (p->sechdr_stream != PDB_NIL16)
    {
        struct pdb_stream h;

        if (!stream_load(&p->msf, p->sechdr_stream, &h) && h.size >= 40)
        {
            uint32_t i;

            p->nsections = h.size / 40;
            if ((p->sections = malloc(p->nsections * sizeof(*p->sections))))
                for (i = 0; i < p->nsections; i++)
                {
                    p->sections[i].vsize = get32(h.data + 40 * i + 8);
                    p->sections[i].va = get32(h.data + 40 * i + 12);
                }
            else p->nsections = 0;
        }
        free(h.data);
    }
    if (!p->sections && img && img->nsections)
    {
        uint32_t i;

        if ((p->sections = malloc(img->nsections * sizeof(*p->sections))))
        {
            p->nsections = img->nsections;
            for (i = 0; i < img->nsections; i++)
            {
                p->sections[i].va = img->sections[i].va;
                p->sections[i].vsize = img->sections[i].vsize;
            }
        }
    }
done:
    p->dbi = s;
    return ret;
}

/* A type stream (TPI or IPI): the offset of each record by index. */
static int read_types(struct pdb *p, uint32_t index, struct pdb_types *t)
{
    struct pdb_stream *s = &t->s;
    uint32_t hdr, pos, n, end, cap = 0, **offs = &t->offs, *first = &t->first, *count = &t->count;
    struct cvrec r;

    *first = *count = 0;
    *offs = NULL;
    if (stream_load(&p->msf, index, s) || s->size < 56) return 0;
    hdr = get32(s->data + 4);
    *first = get32(s->data + 8);
    if (hdr < 56 || hdr > s->size) return 0;
    end = get32(s->data + 16) <= s->size - hdr ? hdr + get32(s->data + 16) : s->size;
    for (pos = hdr, n = 0; next_rec(s->data, end, &pos, &r); n++)
    {
        uint32_t *grown = array_reserve(*offs, &cap, n, sizeof(*grown), 1u << 26);

        if (!grown) return -1;
        *offs = grown;
        (*offs)[n] = r.off;
    }
    *count = n;
    return 0;
}

static void pdb_close(struct pdb *p)
{
    free(p->sections);
    free(p->modules);
    free(p->dbi.data);
    free(p->names.data);
    free(p->ipi.s.data);
    free(p->ipi.offs);
    free(p->tpi.s.data);
    free(p->tpi.offs);
    arena_free_all(&p->scratch);
    memset(p, 0, sizeof(*p));
}

/* Open the container and the identity; the rest is read by pdb_load. */
static int pdb_open(struct pdb *p, const struct byte_view *view)
{
    memset(p, 0, sizeof(*p));
    arena_init(&p->scratch);
    if (msf_open(&p->msf, view, &p->scratch) || read_info(p))
    {
        pdb_close(p);
        return -1;
    }
    return 0;
}

static int pdb_load(struct pdb *p, const struct pe_image *img)
{
    if (read_dbi(p, img)) return -1;
    if (p->names_stream != PDB_NIL16 && stream_load(&p->msf, p->names_stream, &p->names)) return -1;
    if (p->names.size < 12 || get32(p->names.data) != 0xeffeeffeu) p->names.size = 0;
    if (read_types(p, PDB_STREAM_IPI, &p->ipi)) return -1;
    if (read_types(p, PDB_STREAM_TPI, &p->tpi)) return -1;
    return 0;
}

/* A string of "/names" by offset, or NULL. */
static const char *pdb_string(const struct pdb *p, uint32_t off)
{
    uint32_t len;

    if (!p->names.size) return NULL;
    len = get32(p->names.data + 8);
    if (len > p->names.size - 12 || off >= len) return NULL;
    if (!memchr(p->names.data + 12 + off, 0, len - off)) return NULL;
    return (const char *)p->names.data + 12 + off;
}

/* seg:off as an RVA: 0, or -1 for a section the image does not have. */
static int pdb_rva(const struct pdb *p, uint16_t seg, uint32_t off, uint32_t *rva)
{
    if (!seg || seg > p->nsections) return -1;
    *rva = p->sections[seg - 1].va + off;
    return *rva < p->sections[seg - 1].va ? -1 : 0;
}

int pdb_type_rec(const struct pdb_types *t, uint32_t index, struct cvrec *r)
{
    uint32_t pos;

    if (index < t->first || index - t->first >= t->count) return 0;
    pos = t->offs[index - t->first];
    return next_rec(t->s.data, t->s.size, &pos, r);
}

/* ---- numeric leaves --------------------------------------------------- */

int pdb_numeric(const unsigned char *p, uint32_t avail, uint64_t *value, uint32_t *used, int *is_signed)
{
    uint16_t leaf;

    if (avail < 2) return -1;
    leaf = get16(p);
    *is_signed = 0;
    if (leaf < 0x8000)
    {
        *value = leaf;
        *used = 2;
        return 0;
    }
    switch (leaf)
    {
    case 0x8000: /* LF_CHAR */
        if (avail < 3) return -1;
        *value = (uint64_t)(int64_t)(int8_t)p[2];
        *used = 3;
        *is_signed = 1;
        return 0;
    case 0x8001: /* LF_SHORT */
    case 0x8002: /* LF_USHORT */
        if (avail < 4) return -1;
        *value = get16(p + 2);
        if (leaf == 0x8001) *value = (uint64_t)(int64_t)(int16_t)*value;
        *is_signed = leaf == 0x8001;
        *used = 4;
        return 0;
    case 0x8003: /* LF_LONG */
    case 0x8004: /* LF_ULONG */
        if (avail < 6) return -1;
        *value = get32(p + 2);
        if (leaf == 0x8003) *value = (uint64_t)(int64_t)(int32_t)*value;
        *is_signed = leaf == 0x8003;
        *used = 6;
        return 0;
    case 0x8009: /* LF_QUADWORD */
    case 0x800a: /* LF_UQUADWORD */
        if (avail < 10) return -1;
        *value = get32(p + 2) | (uint64_t)get32(p + 6) << 32;
        *is_signed = leaf == 0x8009;
        *used = 10;
        return 0;
    }
    return -1;
}

/* ---- module streams: lines ------------------------------------------- */

/* A row of a module's own line table (the outermost functions' lines),
 * kept to find where inlined calls were made. */
struct mod_row
{
    uint32_t rva, line, file;
    uint32_t order;
};

struct mod_lines
{
    struct mod_row *rows;
    uint32_t nrows, cap;
    const unsigned char *chk;   /* the file checksums subsection */
    uint32_t chk_len;
    const unsigned char *inl;   /* the inlinee lines subsection */
    uint32_t inl_len;
};

/* The file of a checksum entry (by its offset), as a table file index, or
 * (uint32_t)-1. */
static uint32_t checksum_file(const struct pdb *p, const struct mod_lines *ml, uint32_t off,
                              struct symtab_builder *b)
{
    const char *name;

    if (!ml->chk || off > ml->chk_len || ml->chk_len - off < 6) return (uint32_t)-1;
    if (!(name = pdb_string(p, get32(ml->chk + off)))) return (uint32_t)-1;
    return symtab_add_file(b, name);
}

static int row_cmp(const void *a, const void *b)
{
    const struct mod_row *x = a, *y = b;

    if (x->rva != y->rva) return x->rva < y->rva ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int push_row(struct mod_lines *ml, uint32_t rva, uint32_t line, uint32_t file)
{
    struct mod_row *rows = array_reserve(ml->rows, &ml->cap, ml->nrows, sizeof(*rows), 1u << 24);

    if (!rows) return -1;
    ml->rows = rows;
    ml->rows[ml->nrows].rva = rva;
    ml->rows[ml->nrows].line = line;
    ml->rows[ml->nrows].file = file;
    ml->rows[ml->nrows].order = ml->nrows;
    ml->nrows++;
    return 0;
}

/* One DEBUG_S_LINES subsection: a code range and its rows, by file. */
static void read_lines(const struct pdb *p, struct mod_lines *ml, const unsigned char *d, uint32_t len,
                       struct symtab_builder *b, unsigned flags, struct reader_stats *stats)
{
    uint32_t off, size, pos, base, file = 0;
    uint16_t seg, lflags;

    if (len < 12) return;
    off = get32(d);
    seg = get16(d + 4);
    lflags = get16(d + 6);
    size = get32(d + 8);
    if (pdb_rva(p, seg, off, &base)) return;
    for (pos = 12; len - pos >= 12;)
    {
        uint32_t nlines = get32(d + pos + 4), block = get32(d + pos + 8), i;
        uint32_t per = lflags & 1 ? 12 : 8; /* a row, and its columns */

        if (block < 12 || block > len - pos) return;
        file = checksum_file(p, ml, get32(d + pos), b);
        if (nlines > (block - 12) / per) nlines = (block - 12) / per;
        for (i = 0; i < nlines && file != (uint32_t)-1; i++)
        {
            const unsigned char *e = d + pos + 12 + 8 * i;
            uint32_t line = get32(e + 4) & 0xffffff, rva = base + get32(e);

            /* 0xfeefee and 0xf00f00 mark code belonging to no line. */
            if (line == 0xfeefee || line == 0xf00f00) line = 0;
            /* The range starts before its first row (clang's, where an
             * inlined call's code comes first): that row's line from the
             * start, as llvm-symbolizer answers there. */
            if (pos == 12 && !i && rva != base)
            {
                if (push_row(ml, base, line, file)) return;
                if (flags & READ_LINES) symtab_add_line(b, base, line, file, 0);
            }
            if (push_row(ml, rva, line, file)) return;
            if (flags & READ_LINES)
            {
                symtab_add_line(b, rva, line, file, 0);
                stats->lines++;
            }
        }
        pos += block;
    }
    if (file != (uint32_t)-1 && (flags & READ_LINES)) symtab_add_line(b, base + size, 0, file, 1);
    /* The end of the range: nothing follows in this table. */
    push_row(ml, base + size, 0, (uint32_t)-1);
}

/* The C13 subsections: checksums and inlinee lines first (the others
 * refer to them), then the line tables. */
static void read_c13(const struct pdb *p, struct mod_lines *ml, const unsigned char *d, uint32_t len,
                     struct symtab_builder *b, unsigned flags, struct reader_stats *stats)
{
    uint32_t pos, pass;

    for (pass = 0; pass < 2; pass++)
        for (pos = 0; len - pos >= 8;)
        {
            uint32_t kind = get32(d + pos), size = get32(d + pos + 4);

            if (size > len - pos - 8) break;
            if (pass == 0 && kind == DEBUG_S_FILECHKSMS)
            {
                ml->chk = d + pos + 8;
                ml->chk_len = size;
            }
            else if (pass == 0 && kind == DEBUG_S_INLINEELINES)
            {
                ml->inl = d + pos + 8;
                ml->inl_len = size;
            }
            else if (pass == 1 && kind == DEBUG_S_LINES)
                read_lines(p, ml, d + pos + 8, size, b, flags, stats);
            pos += 8 + ((size + 3) & ~3u);
            if (pos > len) break;
        }
    if (ml->nrows) qsort(ml->rows, ml->nrows, sizeof(*ml->rows), row_cmp);
}

/* Where the module's own table puts rva: 1 with file and line, else 0. */
static int mod_loc(const struct mod_lines *ml, uint32_t rva, uint32_t *file, uint32_t *line)
{
    size_t n = SORTED_COUNT_LE(ml->rows, ml->nrows, rva, rva);

    if (!n || ml->rows[n - 1].file == (uint32_t)-1) return 0;
    *file = ml->rows[n - 1].file;
    *line = ml->rows[n - 1].line;
    return 1;
}

/* The inlinee's first line and file (checksum offset): 1, or 0. */
static int inlinee_start(const struct mod_lines *ml, uint32_t inlinee, uint32_t *file_off, uint32_t *line)
{
    uint32_t pos, ex;

    if (!ml->inl || ml->inl_len < 4) return 0;
    ex = get32(ml->inl) == 1;
    for (pos = 4; ml->inl_len - pos >= 12;)
    {
        uint32_t extra = 0;

        if (ex)
        {
            if (ml->inl_len - pos < 16) return 0;
            extra = get32(ml->inl + pos + 12);
            if (extra > (ml->inl_len - pos - 16) / 4) return 0;
        }
        if (get32(ml->inl + pos) == inlinee)
        {
            *file_off = get32(ml->inl + pos + 4);
            *line = get32(ml->inl + pos + 8);
            return 1;
        }
        pos += 12 + (ex ? 4 + 4 * extra : 0);
    }
    return 0;
}

/* ---- module streams: symbols ----------------------------------------- */

/* A piece of an inlined call: [lo, hi) at file:line. */
struct site_piece
{
    uint32_t lo, hi, line, file;
};

struct scope
{
    uint16_t kind;
    uint32_t site;                  /* symtab site index, or (uint32_t)-1 */
    uint32_t lo, hi;                /* a procedure's range */
    struct site_piece *pieces;      /* an inline site's */
    uint32_t npieces;
    uint32_t node;                  /* FUNCTION or BLOCK node, or 0 */
    struct id_list kids;            /* its children (locals, blocks) */
    uint32_t first_local;           /* a procedure's first local */
};

/* A local (S_LOCAL) whose S_DEFRANGE_* records are being read. */
struct pending_local
{
    uint32_t id;                    /* its DATA node, 0 when none */
    const char *name;
    uint32_t flags;                 /* LOCALF_PARAM */
    struct type_loc *locs;
    uint32_t nlocs, cap;
    int frame_slot;                 /* its places are frame-pointer relative */
};

struct walk
{
    const struct pdb *p;
    struct symtab_builder *b;
    struct mod_lines *ml;
    unsigned flags;
    struct reader_stats *stats;
    struct scope scopes[PDB_MAX_DEPTH];
    unsigned depth;
    uint32_t func_lo;               /* the current procedure's start */
    int ptr64;
    struct pdbt *types;             /* NULL: no type store */
    uint32_t compiland;             /* the module's COMPILAND node */
    struct id_list unit_kids;       /* its children */
    uint16_t frame_reg, param_reg;  /* S_FRAMEPROC's bases (CV registers) */
    int32_t frame_bias, param_bias; /* added to their offsets (VFRAME) */
    struct pending_local local;
};

/* The location the scopes up from `level` give rva: 1, or 0. */
static int scope_loc(const struct walk *w, unsigned level, uint32_t rva, uint32_t *file, uint32_t *line)
{
    while (level-- > 0)
    {
        const struct scope *s = &w->scopes[level];
        uint32_t i;

        if (s->kind == S_INLINESITE || s->kind == S_INLINESITE2)
        {
            for (i = 0; i < s->npieces; i++)
                if (rva >= s->pieces[i].lo && rva < s->pieces[i].hi)
                {
                    *file = s->pieces[i].file;
                    *line = s->pieces[i].line;
                    return 1;
                }
            continue;
        }
        if (s->kind == S_LPROC32 || s->kind == S_GPROC32 || s->kind == S_LPROC32_ID ||
            s->kind == S_GPROC32_ID)
            return rva >= s->lo && rva < s->hi && mod_loc(w->ml, rva, file, line);
    }
    return 0;
}

/* Compressed annotation operands: 1, 2 or 4 bytes as the top bits say. */
static int annot_uint(const unsigned char **p, const unsigned char *end, uint32_t *out)
{
    const unsigned char *q = *p;

    if (q >= end) return -1;
    if (!(q[0] & 0x80)) { *out = q[0]; *p = q + 1; return 0; }
    if ((q[0] & 0xc0) == 0x80)
    {
        if (end - q < 2) return -1;
        *out = (uint32_t)(q[0] & 0x3f) << 8 | q[1];
        *p = q + 2;
        return 0;
    }
    if ((q[0] & 0xe0) == 0xc0)
    {
        if (end - q < 4) return -1;
        *out = (uint32_t)(q[0] & 0x1f) << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
        *p = q + 4;
        return 0;
    }
    return -1;
}

static int32_t annot_signed(uint32_t v)
{
    return v & 1 ? -(int32_t)(v >> 1) : (int32_t)(v >> 1);
}

/* The pieces of an inline site from its binary annotations: each
 * code-offset change starts a piece at the current line; a code length
 * ends one.  A piece left open ends where the next starts, or at the end
 * of the procedure. */
static int decode_site(struct walk *w, const unsigned char *a, const unsigned char *end,
                       uint32_t line, uint32_t file, struct scope *s)
{
    uint32_t off = 0, cap = 0, op, x, y;
    int open = 0;
    struct site_piece *cur = NULL;

    s->pieces = NULL;
    s->npieces = 0;
    while (a < end && *a)
    {
        int start = 0;
        uint32_t length = 0;
        int has_length = 0;

        if (annot_uint(&a, end, &op)) break;
        switch (op)
        {
        case 1: /* CodeOffset */
            if (annot_uint(&a, end, &x)) return 0;
            off = x;
            start = 1;
            break;
        case 2: /* ChangeCodeOffsetBase */
            if (annot_uint(&a, end, &x)) return 0;
            break;
        case 3: /* ChangeCodeOffset */
            if (annot_uint(&a, end, &x)) return 0;
            off += x;
            start = 1;
            break;
        case 4: /* ChangeCodeLength */
            if (annot_uint(&a, end, &x)) return 0;
            length = x;
            has_length = 1;
            break;
        case 5: /* ChangeFile */
            if (annot_uint(&a, end, &x)) return 0;
            file = checksum_file(w->p, w->ml, x, w->b);
            break;
        case 6: /* ChangeLineOffset */
            if (annot_uint(&a, end, &x)) return 0;
            line += (uint32_t)annot_signed(x);
            break;
        case 11: /* ChangeCodeOffsetAndLineOffset */
            if (annot_uint(&a, end, &x)) return 0;
            line += (uint32_t)annot_signed(x >> 4);
            off += x & 0xf;
            start = 1;
            break;
        case 12: /* ChangeCodeLengthAndCodeOffset */
            if (annot_uint(&a, end, &x) || annot_uint(&a, end, &y)) return 0;
            off += y;
            start = 1;
            length = x;
            has_length = 1;
            break;
        case 7: case 8: case 9: case 10: case 13: /* line ends, range kinds, columns */
            if (annot_uint(&a, end, &x)) return 0;
            break;
        default:
            return 0;
        }
        if (start)
        {
            struct site_piece *pieces;

            if (open && cur && cur->hi == cur->lo) cur->hi = w->func_lo + off;
            if (!(pieces = array_reserve(s->pieces, &cap, s->npieces, sizeof(*pieces), 1u << 20))) return -1;
            s->pieces = pieces;
            cur = &s->pieces[s->npieces++];
            cur->lo = cur->hi = w->func_lo + off;
            cur->line = line;
            cur->file = file;
            open = 1;
        }
        if (has_length && cur)
        {
            cur->hi = cur->lo + length;
            off = cur->hi - w->func_lo;
            open = 0;
        }
    }
    if (open && cur && cur->hi == cur->lo)
    {
        uint32_t i;

        /* Up to the enclosing procedure's end. */
        for (i = w->depth; i-- > 0;)
            if (w->scopes[i].hi)
            {
                cur->hi = w->scopes[i].hi;
                break;
            }
    }
    /* Drop empty pieces. */
    {
        uint32_t i, n = 0;

        for (i = 0; i < s->npieces; i++)
            if (s->pieces[i].hi > s->pieces[i].lo && s->pieces[i].file != (uint32_t)-1)
                s->pieces[n++] = s->pieces[i];
        s->npieces = n;
    }
    return 0;
}

/* The name of an inlined function from its IPI record, qualified by the
 * scope a LF_FUNC_ID names ("ns::f"); arena-owned, or NULL. */
static const char *inlinee_name(const struct walk *w, uint32_t id)
{
    struct cvrec r, sr;
    const char *name, *scope;
    int len, slen;
    char *buf;

    if (!pdb_type_rec(&w->p->ipi, id, &r)) return NULL;
    if (r.kind != LF_FUNC_ID && r.kind != LF_MFUNC_ID) return NULL;
    if ((len = rec_name(&r, 8, &name)) < 0) return NULL;
    if (r.kind == LF_FUNC_ID && get32(r.data) &&
        pdb_type_rec(&w->p->ipi, get32(r.data), &sr) &&
        sr.kind == LF_STRING_ID && (slen = rec_name(&sr, 4, &scope)) > 0 && slen < 4096 && len < 4096)
    {
        if (!(buf = malloc((size_t)slen + 2 + (size_t)len))) return NULL;
        memcpy(buf, scope, (size_t)slen);
        memcpy(buf + slen, "::", 2);
        memcpy(buf + slen + 2, name, (size_t)len);
        name = symtab_intern(w->b, buf, (size_t)slen + 2 + (size_t)len);
        free(buf);
        return name;
    }
    return symtab_intern(w->b, name, (size_t)len);
}

/* An inline site opens: its pieces, where it was called from, its rows. */
static int open_site(struct walk *w, const struct cvrec *r, struct scope *s)
{
    uint32_t inlinee, file_off = 0, line = 0, file = (uint32_t)-1, call_file = 0, call_line = 0, i;
    uint32_t site_depth = 1, at = r->kind == S_INLINESITE2 ? 16 : 12;
    const char *name;

    if (r->len < at) return 0;
    inlinee = get32(r->data + 8);
    if (inlinee_start(w->ml, inlinee, &file_off, &line)) file = checksum_file(w->p, w->ml, file_off, w->b);
    if (decode_site(w, r->data + at, r->data + r->len, line, file, s)) return -1;
    if (!s->npieces) return 0;
    for (i = 0; i < w->depth; i++)
        if (w->scopes[i].site != (uint32_t)-1) site_depth++;
    if (!(w->flags & READ_INLINES)) return 0;
    scope_loc(w, w->depth, s->pieces[0].lo, &call_file, &call_line);
    name = inlinee_name(w, inlinee);
    s->site = symtab_open_site(w->b, site_depth, name ? name : "", call_file, call_line);
    if (s->site == (uint32_t)-1) return -1;
    w->stats->inlines++;
    for (i = 0; i < s->npieces; i++)
    {
        const struct site_piece *pc = &s->pieces[i];

        /* Contiguous pieces make one range. */
        uint32_t hi = pc->hi;
        while (i + 1 < s->npieces && s->pieces[i + 1].lo == hi) hi = s->pieces[++i].hi;
        symtab_add_site_range(w->b, s->site, pc->lo, hi);
    }
    if (w->flags & READ_LINES)
        for (i = 0; i < s->npieces; i++)
        {
            const struct site_piece *pc = &s->pieces[i];
            uint32_t rfile, rline;

            symtab_add_line(w->b, pc->lo, pc->line, pc->file, 0);
            /* Where the piece ends, the caller's line resumes. */
            if ((i + 1 == s->npieces || s->pieces[i + 1].lo != pc->hi) &&
                scope_loc(w, w->depth, pc->hi, &rfile, &rline))
                symtab_add_line(w->b, pc->hi, rline, rfile, 0);
        }
    return 0;
}

static int is_proc(uint16_t kind);
static void end_local(struct walk *w);

static void close_scope(struct walk *w)
{
    struct scope *s;

    end_local(w);
    s = &w->scopes[--w->depth];
    if (s->site != (uint32_t)-1) symtab_close_site(w->b, s->site);
    if (s->node && s->kids.count) typetab_set_kids(pdbt_store(w->types), s->node, s->kids.ids, s->kids.count);
    if (is_proc(s->kind) && s->lo != s->hi)
        symtab_set_func_locals(w->b, s->lo, s->first_local, symtab_local_count(w->b) - s->first_local);
    id_list_free(&s->kids);
    free(s->pieces);
    s->pieces = NULL;
}

static int is_proc(uint16_t kind)
{
    return kind == S_LPROC32 || kind == S_GPROC32 || kind == S_LPROC32_ID || kind == S_GPROC32_ID;
}

/* ---- typed symbols --------------------------------------------------- */

#define S_REGISTER         0x1106
#define S_UDT              0x1108
#define S_BPREL32          0x110b
#define S_REGREL32         0x1111
#define S_FRAMEPROC        0x1012
#define S_LOCAL            0x113e
#define S_DEFRANGE_REGISTER          0x1141
#define S_DEFRANGE_FRAMEPOINTER_REL  0x1142
#define S_DEFRANGE_SUBFIELD_REGISTER 0x1143
#define S_DEFRANGE_FRAMEPOINTER_REL_FULL_SCOPE 0x1144
#define S_DEFRANGE_REGISTER_REL      0x1145

/* The innermost FUNCTION or BLOCK node of the walk, else the compiland. */
static uint32_t lexical_of(const struct walk *w, struct id_list **kids)
{
    unsigned i;

    for (i = w->depth; i-- > 0;)
        if (w->scopes[i].node)
        {
            if (kids) *kids = (struct id_list *)&w->scopes[i].kids;
            return w->scopes[i].node;
        }
    if (kids) *kids = (struct id_list *)&w->unit_kids;
    return w->compiland;
}

/* The procedure being walked, or NULL. */
static struct scope *current_proc(struct walk *w)
{
    unsigned i;

    for (i = w->depth; i-- > 0;)
        if (is_proc(w->scopes[i].kind)) return &w->scopes[i];
    return NULL;
}

/* The type of a procedure: its record's, through the IPI for _ID forms. */
static uint32_t proc_type(struct walk *w, uint16_t kind, uint32_t index)
{
    struct cvrec r;

    if (!w->types) return 0;
    if (kind == S_GPROC32_ID || kind == S_LPROC32_ID)
    {
        if (!pdb_type_rec(&w->p->ipi, index, &r) || (r.kind != LF_FUNC_ID && r.kind != LF_MFUNC_ID) || r.len < 8)
            return 0;
        index = get32(r.data + 4);
    }
    return pdbt_type(w->types, index);
}

/* A DATA node of the scope (a local, parameter or static). */
static uint32_t data_node(struct walk *w, const char *name, uint32_t type, uint16_t kind)
{
    struct type_node *n;
    struct id_list *kids;
    uint32_t id, t;

    if (!w->types) return 0;
    t = pdbt_type(w->types, type);
    if (!(n = typetab_add(pdbt_store(w->types), TAG_DATA, &id))) return 0;
    n->name = name;
    n->type = t;
    n->kind = kind;
    n->lexical = lexical_of(w, &kids);
    id_list_push(kids, id);
    return id;
}

/* The register of an S_FRAMEPROC base encoding: none, the stack pointer,
 * the frame pointer, or r13 / ebx. */
static uint16_t frame_base_reg(int ptr64, unsigned code)
{
    static const uint16_t amd64[4] = { 0, 335, 334, 341 }, x86[4] = { 0, 21, 22, 20 };

    return ptr64 ? amd64[code & 3] : x86[code & 3];
}

/* A fixed local: at reg+offset, or in reg. */
static void add_fixed_local(struct walk *w, const char *name, uint32_t type, int param, int regrel,
                            uint16_t reg, int32_t offset)
{
    uint32_t id = data_node(w, name, type, param ? DATA_PARAM : DATA_LOCAL);
    struct type_node *n = id ? typetab_node_rw(pdbt_store(w->types), id) : NULL;

    if (n)
    {
        n->flags |= regrel ? TNF_REGREL : TNF_REGISTER;
        n->reg = reg;
        n->value = offset;
    }
    symtab_add_local(w->b, name, offset, (param ? LOCALF_PARAM : 0) | (regrel ? LOCALF_REGREL : LOCALF_REGISTER),
                     reg, id);
}

/* The S_LOCAL being read is complete: its places into the table. */
static void end_local(struct walk *w)
{
    struct pending_local *l = &w->local;
    struct type_node *n;

    if (!l->name) return;
    if (l->nlocs)
    {
        uint32_t i;

        n = l->id ? typetab_node_rw(pdbt_store(w->types), l->id) : NULL;
        /* A stack slot (the same place from the frame register in every
         * range): the whole scope, prologue included, as for DWARF's
         * frame-based locals; registers only where the ranges say. */
        for (i = 1; i < l->nlocs && l->locs[0].kind == TLOC_REGREL; i++)
            if (l->locs[i].kind != TLOC_REGREL || l->locs[i].reg != l->locs[0].reg ||
                l->locs[i].offset != l->locs[0].offset)
                break;
        if (i == l->nlocs && l->locs[0].kind == TLOC_REGREL && w->local.frame_slot)
        {
            l->locs[0].lo = 0;
            l->locs[0].hi = 0xffffffffu;
            l->nlocs = 1;
        }
        if (l->nlocs == 1 && l->locs[0].lo == 0 && l->locs[0].hi == 0xffffffffu)
        {
            /* The whole scope. */
            int regrel = l->locs[0].kind == TLOC_REGREL;

            if (n)
            {
                n->flags |= regrel ? TNF_REGREL : TNF_REGISTER;
                n->reg = l->locs[0].reg;
                n->value = l->locs[0].offset;
            }
            symtab_add_local(w->b, l->name, l->locs[0].offset,
                             l->flags | (regrel ? LOCALF_REGREL : LOCALF_REGISTER), l->locs[0].reg, l->id);
        }
        else
        {
            struct type_loc *copy = n ? arena_alloc(pdbt_store(w->types)->arena, l->nlocs * sizeof(*copy)) : NULL;

            if (copy)
            {
                memcpy(copy, l->locs, l->nlocs * sizeof(*copy));
                n->locs = copy;
                n->nlocs = l->nlocs;
                n->flags |= TNF_LOCLIST;
                symtab_add_local(w->b, l->name, 0, l->flags | LOCALF_LIST, 0, l->id);
            }
        }
    }
    free(l->locs);
    memset(l, 0, sizeof(*l));
}

static void push_loc(struct pending_local *l, uint32_t lo, uint32_t hi, uint8_t kind, uint16_t reg, int32_t offset)
{
    struct type_loc *locs;

    if (hi <= lo || !(locs = array_reserve(l->locs, &l->cap, l->nlocs, sizeof(*locs), 4096))) return;
    l->locs = locs;
    l->locs[l->nlocs].lo = lo;
    l->locs[l->nlocs].hi = hi;
    l->locs[l->nlocs].kind = kind;
    l->locs[l->nlocs].reg = reg;
    l->locs[l->nlocs].offset = offset;
    l->nlocs++;
}

/* A defrange's range (offset, section, length) at `at`, then its gaps:
 * the pieces where the local is at reg(+offset). */
static void defrange(struct walk *w, const struct cvrec *r, uint32_t at, uint8_t kind, uint16_t reg, int32_t offset)
{
    uint32_t start, len, pos, lo, cur;

    if (!w->local.name || r->len < at + 8) return;
    if (pdb_rva(w->p, get16(r->data + at + 4), get32(r->data + at), &start)) return;
    len = get16(r->data + at + 6);
    /* Gaps (offset from start, length), in order. */
    for (pos = at + 8, cur = start; r->len - pos >= 4; pos += 4)
    {
        lo = start + get16(r->data + pos);
        if (lo > cur) push_loc(&w->local, cur, lo, kind, reg, offset);
        cur = lo + get16(r->data + pos + 2);
    }
    if (start + len > cur) push_loc(&w->local, cur, start + len, kind, reg, offset);
}

/* A procedure opens: its symbol and FUNCTION node. */
static int open_proc(struct walk *w, const struct cvrec *r, struct scope *s)
{
    const char *name;
    uint32_t rva, size, id = 0;
    int len;

    if (r->len < 35 || (len = rec_name(r, 35, &name)) < 0 ||
        pdb_rva(w->p, get16(r->data + 32), get32(r->data + 28), &rva))
        return 0;
    size = get32(r->data + 12);
    s->lo = rva;
    s->hi = rva + size;
    s->first_local = symtab_local_count(w->b);
    w->func_lo = rva;
    w->frame_reg = w->param_reg = frame_base_reg(w->ptr64, 2);
    w->frame_bias = w->param_bias = 0;
    if (!len) return 0;
    name = symtab_intern(w->b, name, (size_t)len);
    if (w->types)
    {
        uint32_t type = proc_type(w, r->kind, get32(r->data + 24));
        struct type_node *n;
        struct id_list *kids;

        if ((n = typetab_add(pdbt_store(w->types), TAG_FUNCTION, &id)))
        {
            const struct type_node *ft = typetab_node_rw(pdbt_store(w->types), type);

            n->name = name;
            n->type = type;
            /* A method: the class of its LF_MFUNCTION. */
            if (ft && ft->tag == TAG_FUNCTION_TYPE) n->parent = ft->parent;
            n->value = rva;
            n->length = size;
            n->flags |= TNF_ADDRESS;
            n->lexical = lexical_of(w, &kids);
            id_list_push(kids, id);
        }
        s->node = id;
    }
    if (symtab_add_symbol_typed(w->b, rva, size, name,
                                SYME_FUNC | (r->kind == S_LPROC32 || r->kind == S_LPROC32_ID ? SYME_LOCAL : 0), id))
        return -1;
    w->stats->functions++;
    return 0;
}

static void open_block(struct walk *w, const struct cvrec *r, struct scope *s)
{
    struct type_node *n;
    struct id_list *kids;
    uint32_t rva, id;

    if (!w->types || r->len < 18 || pdb_rva(w->p, get16(r->data + 16), get32(r->data + 12), &rva)) return;
    if (!(n = typetab_add(pdbt_store(w->types), TAG_BLOCK, &id))) return;
    n->value = rva;
    n->length = get32(r->data + 8);
    n->flags |= TNF_ADDRESS;
    n->lexical = lexical_of(w, &kids);
    id_list_push(kids, id);
    s->node = id;
}

/* Data in a module stream: a function's static is one of its locals; a
 * file's static a symbol. */
static void module_data(struct walk *w, const struct cvrec *r)
{
    const char *name;
    uint32_t rva, id;
    int len;

    if (r->len < 10 || (len = rec_name(r, 10, &name)) <= 0 ||
        pdb_rva(w->p, get16(r->data + 8), get32(r->data + 4), &rva))
        return;
    name = symtab_intern(w->b, name, (size_t)len);
    if (current_proc(w))
    {
        id = data_node(w, name, get32(r->data), DATA_STATIC_LOCAL);
        if (id)
        {
            struct type_node *n = typetab_node_rw(pdbt_store(w->types), id);

            n->flags |= TNF_ADDRESS;
            n->value = rva;
        }
        symtab_add_local(w->b, name, (int32_t)rva, LOCALF_STATIC, 0, id);
        return;
    }
    id = data_node(w, name, get32(r->data), r->kind == S_LDATA32 ? DATA_FILE_STATIC : DATA_GLOBAL);
    if (id)
    {
        struct type_node *n = typetab_node_rw(pdbt_store(w->types), id);

        n->flags |= TNF_ADDRESS;
        n->value = rva;
    }
    symtab_add_symbol_typed(w->b, rva, id ? pdbt_size(w->types, typetab_node_rw(pdbt_store(w->types), id)->type) : 0,
                            name, SYME_DATA | (r->kind == S_LDATA32 ? SYME_LOCAL : 0), id);
}

static void read_module_symbols(struct walk *w, const unsigned char *d, uint32_t end)
{
    uint32_t pos = 4;
    struct cvrec r;

    while (next_rec(d, end, &pos, &r))
    {
        struct scope *s;
        const char *name;
        int len;

        if (r.kind < 0x113f /* S_DEFRANGE */ || r.kind > S_DEFRANGE_REGISTER_REL) end_local(w);
        switch (r.kind)
        {
        case S_LPROC32: case S_GPROC32: case S_LPROC32_ID: case S_GPROC32_ID:
        case S_BLOCK32: case S_THUNK32: case S_SEPCODE: case S_INLINESITE: case S_INLINESITE2:
            if (w->depth == PDB_MAX_DEPTH) return;
            s = &w->scopes[w->depth];
            memset(s, 0, sizeof(*s));
            id_list_init(&s->kids);
            s->kind = r.kind;
            s->site = (uint32_t)-1;
            if (is_proc(r.kind))
            {
                if (open_proc(w, &r, s)) return;
            }
            else if (r.kind == S_BLOCK32) open_block(w, &r, s);
            else if ((r.kind == S_INLINESITE || r.kind == S_INLINESITE2) && open_site(w, &r, s))
                return;
            w->depth++;
            break;
        case S_END: case S_PROC_ID_END: case S_INLINESITE_END:
            if (w->depth) close_scope(w);
            break;
        case S_FRAMEPROC:
            if (r.len >= 26)
            {
                uint32_t fl = get32(r.data + 22);

                w->frame_reg = frame_base_reg(w->ptr64, (fl >> 14) & 3);
                w->param_reg = frame_base_reg(w->ptr64, (fl >> 16) & 3);
                w->frame_bias = w->param_bias = 0;
                /* i386's VFRAME (a realigned stack): the stack pointer as
                 * the realignment left it, which the body's ESP is below
                 * by the frame less the saved EBP and registers (LLVM's
                 * prologue: push ebp, the saved registers, and esp, sub
                 * esp); the frame data's $T0 is not evaluated. */
                if (!w->ptr64 && ((fl >> 14) & 3) == 1)
                    w->frame_bias = (int32_t)get32(r.data) - 4 - (int32_t)get32(r.data + 12);
                if (!w->ptr64 && ((fl >> 16) & 3) == 1)
                    w->param_bias = (int32_t)get32(r.data) - 4 - (int32_t)get32(r.data + 12);
            }
            break;
        case S_LDATA32: case S_GDATA32:
            module_data(w, &r);
            break;
        }
        /* Locals belong to a procedure (not to an inlined call's frame:
         * those are left out, as for DWARF). */
        if (!current_proc(w) || (w->depth && (w->scopes[w->depth - 1].kind == S_INLINESITE ||
                                              w->scopes[w->depth - 1].kind == S_INLINESITE2)))
            continue;
        switch (r.kind)
        {
        case S_LOCAL:
            /* type, flags, name; optimised out: not listed. */
            if (r.len < 7 || (len = rec_name(&r, 6, &name)) <= 0 || (get16(r.data + 4) & 0x100)) break;
            w->local.name = symtab_intern(w->b, name, (size_t)len);
            w->local.flags = get16(r.data + 4) & 1 ? LOCALF_PARAM : 0;
            w->local.id = data_node(w, w->local.name, get32(r.data), w->local.flags ? DATA_PARAM : DATA_LOCAL);
            break;
        case S_DEFRANGE_REGISTER:
            if (r.len >= 4) defrange(w, &r, 4, TLOC_REGISTER, get16(r.data), 0);
            break;
        case S_DEFRANGE_FRAMEPOINTER_REL:
            w->local.frame_slot = 1;
            if (r.len >= 4)
                defrange(w, &r, 4, TLOC_REGREL, w->local.flags ? w->param_reg : w->frame_reg,
                         (int32_t)get32(r.data) + (w->local.flags ? w->param_bias : w->frame_bias));
            break;
        case S_DEFRANGE_FRAMEPOINTER_REL_FULL_SCOPE:
            if (r.len >= 4 && w->local.name)
                push_loc(&w->local, 0, 0xffffffffu, TLOC_REGREL, w->local.flags ? w->param_reg : w->frame_reg,
                         (int32_t)get32(r.data) + (w->local.flags ? w->param_bias : w->frame_bias));
            break;
        case S_DEFRANGE_REGISTER_REL:
            /* Not a spilled member of an aggregate (its offset would
             * place a part only). */
            if (r.len >= 8 && !(get16(r.data + 2) & 1))
                defrange(w, &r, 8, TLOC_REGREL, get16(r.data), (int32_t)get32(r.data + 4));
            break;
        case S_REGREL32:
            if (r.len >= 11 && (len = rec_name(&r, 10, &name)) > 0)
                add_fixed_local(w, symtab_intern(w->b, name, (size_t)len), get32(r.data + 4), 0, 1,
                                get16(r.data + 8), (int32_t)get32(r.data));
            break;
        case S_BPREL32:
            if (r.len >= 9 && (len = rec_name(&r, 8, &name)) > 0)
                add_fixed_local(w, symtab_intern(w->b, name, (size_t)len), get32(r.data + 4), 0, 1,
                                frame_base_reg(w->ptr64, 2), (int32_t)get32(r.data));
            break;
        case S_REGISTER:
            if (r.len >= 7 && (len = rec_name(&r, 6, &name)) > 0)
                add_fixed_local(w, symtab_intern(w->b, name, (size_t)len), get32(r.data), 0, 0,
                                get16(r.data + 4), 0);
            break;
        }
    }
    end_local(w);
}

/* One module's symbols and lines from its stream's bytes.  *compiland
 * is its COMPILAND node: 0 the first time (made here, given its
 * children), else the one made then (a unit read again, for the whole
 * table, leaves it as it is). */
static void read_module(const struct pdb *p, const struct pdb_module *m, const struct pdb_stream *s,
                        struct symtab_builder *b, unsigned flags, struct reader_stats *stats, int ptr64,
                        struct pdbt *types, uint32_t *compiland)
{
    struct mod_lines ml;
    struct walk *w;
    uint64_t c13;

    if (!s->size) return;
    memset(&ml, 0, sizeof(ml));
    c13 = (uint64_t)m->sym_bytes + m->c11_bytes;
    if (c13 <= s->size && m->c13_bytes <= s->size - c13)
        read_c13(p, &ml, s->data + c13, m->c13_bytes, b, flags, stats);
    if (m->sym_bytes <= s->size && m->sym_bytes >= 4 && get32(s->data) == 4 && (w = calloc(1, sizeof(*w))))
    {
        int fresh = !*compiland;

        w->p = p;
        w->b = b;
        w->ml = &ml;
        w->flags = flags;
        w->stats = stats;
        w->ptr64 = ptr64;
        w->types = types;
        w->compiland = *compiland;
        id_list_init(&w->unit_kids);
        if (types && fresh)
        {
            struct typetab *tt = pdbt_store(types);
            struct type_node *n;

            if ((n = typetab_add(tt, TAG_COMPILAND, &w->compiland)))
            {
                n->name = m->name ? symtab_intern(b, m->name, strlen(m->name)) : NULL;
                n->lexical = tt->exe;
            }
        }
        read_module_symbols(w, s->data, m->sym_bytes);
        while (w->depth) close_scope(w);
        if (fresh && w->compiland && w->unit_kids.count)
            typetab_set_kids(pdbt_store(types), w->compiland, w->unit_kids.ids, w->unit_kids.count);
        *compiland = w->compiland;
        id_list_free(&w->unit_kids);
        if (types) pdbt_drain(types);
        free(w);
    }
    stats->units++;
    free(ml.rows);
}

/* A global variable: its DATA node (module-level, no compiland) and
 * symbol. */
static int global_data(const struct pdb *p, struct symtab_builder *b, struct pdbt *types, const struct cvrec *r,
                       const char *name, int len, uint32_t rva)
{
    uint32_t id = 0, size = 0, type;
    struct type_node *n;

    (void)p;
    name = symtab_intern(b, name, (size_t)len);
    if (types && (type = pdbt_type(types, get32(r->data))) &&
        (n = typetab_add(pdbt_store(types), TAG_DATA, &id)))
    {
        n->name = name;
        n->type = type;
        n->kind = r->kind == S_LDATA32 ? DATA_FILE_STATIC : DATA_GLOBAL;
        n->flags |= TNF_ADDRESS;
        n->value = rva;
        n->lexical = pdbt_store(types)->exe;
        size = pdbt_size(types, type);
    }
    return symtab_add_symbol_typed(b, rva, size, name, SYME_DATA | (r->kind == S_LDATA32 ? SYME_LOCAL : 0), id);
}

/* S_UDT: a typedef, unless it only names a UDT or enum by its own name. */
static void global_udt(struct symtab_builder *b, struct pdbt *types, const struct cvrec *r)
{
    const struct type_node *target;
    struct type_node *n;
    const char *name;
    uint32_t type, id;
    int len;

    if (!types || r->len < 5 || (len = rec_name(r, 4, &name)) <= 0) return;
    if (!(type = pdbt_type(types, get32(r->data)))) return;
    target = typetab_node_rw(pdbt_store(types), type);
    if (target && target->name && strlen(target->name) == (size_t)len && !memcmp(target->name, name, (size_t)len))
        return;
    if (!(n = typetab_add(pdbt_store(types), TAG_TYPEDEF, &id))) return;
    n->name = symtab_intern(b, name, (size_t)len);
    n->type = type;
}

/* Publics, global variables and typedefs, from the symbol record
 * stream. */
static void read_globals(const struct pdb *p, struct symtab_builder *b, int ptr64, struct pdbt *types)
{
    struct pdb_stream s;
    struct cvrec r;
    uint32_t pos = 0, rva;
    const char *name;
    int len;

    if (p->sym_stream == PDB_NIL16 || stream_load(&p->msf, p->sym_stream, &s)) return;
    while (next_rec(s.data, s.size, &pos, &r))
    {
        if (r.kind == S_PUB32 && r.len >= 10 && (len = rec_name(&r, 10, &name)) > 0 &&
            !pdb_rva(p, get16(r.data + 8), get32(r.data + 4), &rva))
        {
            uint32_t sflags = SYME_PUBLIC | (get32(r.data) & 3 ? SYME_FUNC : SYME_DATA);
            size_t start;

            if (!ptr64 && symtab_c_core(name, (size_t)len, &start)) sflags |= SYME_CDECOR;
            if (symtab_add_symbol(b, rva, 0, name, (size_t)len, sflags)) break;
        }
        else if ((r.kind == S_GDATA32 || r.kind == S_LDATA32) && r.len >= 10 &&
                 (len = rec_name(&r, 10, &name)) > 0 && !pdb_rva(p, get16(r.data + 8), get32(r.data + 4), &rva))
        {
            if (global_data(p, b, types, &r, name, len, rva)) break;
        }
        else if (r.kind == S_UDT) global_udt(b, types, &r);
    }
    if (types) pdbt_drain(types);
    free(s.data);
}

/* i386 frame data: the new FPO stream's FrameData records (32 bytes,
 * after a 4-byte header when the size says so; the program a "/names"
 * string), else the old FPO_DATA records (16 bytes). */
static void read_frames(const struct pdb *p, struct symtab_builder *b)
{
    struct pdb_stream s;
    struct frame_row row;
    uint32_t pos;

    if (p->newfpo_stream != PDB_NIL16 && !stream_load(&p->msf, p->newfpo_stream, &s) && s.size)
    {
        for (pos = s.size % 32 == 4 ? 4 : 0; s.size - pos >= 32; pos += 32)
        {
            const unsigned char *f = s.data + pos;

            memset(&row, 0, sizeof(row));
            row.rva = get32(f);
            row.size = get32(f + 4);
            row.locals = get32(f + 8);
            row.params = get32(f + 12);
            row.saved_regs = get16(f + 26);
            if (!(row.program = pdb_string(p, get32(f + 20))) || !row.size) continue;
            if (symtab_add_frame(b, &row)) break;
        }
        free(s.data);
        return;
    }
    if (p->fpo_stream == PDB_NIL16 || stream_load(&p->msf, p->fpo_stream, &s)) return;
    for (pos = 0; s.size - pos >= 16; pos += 16)
    {
        const unsigned char *f = s.data + pos;
        uint16_t bits = get16(f + 14);

        memset(&row, 0, sizeof(row));
        row.rva = get32(f);
        row.size = get32(f + 4);
        row.locals = get32(f + 8) * 4;
        row.params = (uint32_t)get16(f + 12) * 4;
        row.saved_regs = ((bits >> 8) & 7) * 4;
        row.use_bp = (bits >> 12) & 1;
        if (!row.size) continue;
        if (symtab_add_frame(b, &row)) break;
    }
    free(s.data);
}

/* Does a module have symbols or lines of its own? */
static int module_has_info(const struct pdb_module *m)
{
    return m->stream != PDB_NIL16 && (m->sym_bytes > 4 || m->c13_bytes);
}

/* Does any module have procedures or lines?  A PDB without (GNU ld's
 * --pdb writes one) leaves the image's DWARF to its reader. */
static int has_debug_info(const struct pdb *p)
{
    uint32_t i;

    for (i = 0; i < p->nmodules; i++)
        if (module_has_info(&p->modules[i])) return 1;
    return 0;
}

/* What every table state needs, into b: publics, global variables and
 * typedefs, i386 frame data, and every type (for SymEnumTypes). */
static void read_module_level(const struct pdb *p, struct symtab_builder *b, int ptr64, struct pdbt *types)
{
    read_globals(p, b, ptr64, types);
    if (!ptr64) read_frames(p, b);
    if (types)
    {
        pdbt_all(types);
        pdbt_drain(types);
    }
}

/* The type converter for b's store (its EXE node made), or NULL. */
static struct pdbt *types_for(struct pdb *p, struct symtab_builder *b, int ptr64)
{
    struct typetab *tt = symtab_builder_types(b);
    struct type_node *n;

    if (!tt) return NULL;
    if (!tt->exe && (n = typetab_add(tt, TAG_EXE, &tt->exe))) n->name = NULL;
    return pdbt_new(tt, b, &p->tpi, ptr64);
}

int pdbread_image(const struct pe_image *img, const struct byte_view *view, struct symtab_builder *b,
                  unsigned flags, struct reader_stats *stats)
{
    struct pdbt *types = NULL;
    struct pdb p;
    uint32_t i, before;
    int ptr64 = img ? img->pe32plus : 1, ret = 0;

    if (pdb_open(&p, view)) return -1;
    if (p.mini || pdb_load(&p, img)) ret = -1;
    else if (has_debug_info(&p))
    {
        types = types_for(&p, b, ptr64);
        before = stats->functions;
        for (i = 0; i < p.nmodules; i++)
        {
            struct pdb_stream ms = { NULL, 0 };
            uint32_t compiland = 0;

            if (!module_has_info(&p.modules[i]) || stream_load(&p.msf, p.modules[i].stream, &ms)) continue;
            read_module(&p, &p.modules[i], &ms, b, flags, stats, ptr64, types, &compiland);
            free(ms.data);
        }
        read_module_level(&p, b, ptr64, types);
        ret = stats->functions > before || stats->lines ? 1 : 0;
    }
    pdbt_free(types);
    pdb_close(&p);
    return ret;
}

/* ---- reading by DBI module ------------------------------------------ */

/* A large PDB is read one DBI module at a time: its module-level part
 * (publics, globals, types, frame data) when the module is loaded, a
 * module's procedures, lines and inline sites on the first use of an
 * address in its code (the section contributions place it).  The session
 * keeps private copies of what the units need: the PDB may go away. */
#define LAZY_PDB_MIN (512u << 10)

struct pdb_session
{
    struct pdb p;               /* its MSF is not read again */
    struct pdb_stream *mods;    /* each module's stream, copied */
    uint32_t *compilands;       /* each module's COMPILAND node, once read */
    struct pdbt *types;
    struct unit_range *ranges;  /* code contributions by module, sorted */
    unsigned nranges;
    unsigned flags;
    int ptr64;
    struct reader_stats stats;
};

static void session_free(struct pdb_session *s)
{
    uint32_t i;

    if (!s) return;
    if (s->mods)
        for (i = 0; i < s->p.nmodules; i++) free(s->mods[i].data);
    free(s->mods);
    free(s->compilands);
    free(s->ranges);
    pdbt_free(s->types);
    pdb_close(&s->p);
    free(s);
}

static int range_cmp(const void *a, const void *b)
{
    const struct unit_range *x = a, *y = b;

    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

#define SC_VERSION_60 (0xeffe0000u + 19970605)
#define SC_VERSION_V2 (0xeffe0000u + 20140516)
#define SCN_CODE (0x00000020u | 0x20000000u) /* CNT_CODE, MEM_EXECUTE */

/* The units' ranges: the DBI section contributions in code of modules
 * with symbols of their own (the others' code is left to the image's
 * DWARF or the publics), adjacent ones of a module merged.  0, or -1 when
 * out of memory. */
static int contrib_ranges(struct pdb_session *s)
{
    const struct pdb *p = &s->p;
    const unsigned char *d = p->dbi.data + p->contrib_off;
    uint32_t size = p->contrib_size, pos, entry, cap = 0, n = 0, i;
    struct unit_range *r = NULL;

    if (size < 4) return 0;
    if (get32(d) == SC_VERSION_60) entry = 28;
    else if (get32(d) == SC_VERSION_V2) entry = 32;
    else return 0;
    for (pos = 4; size - pos >= entry; pos += entry)
    {
        const unsigned char *c = d + pos;
        uint32_t len = get32(c + 8), modi = get16(c + 16), rva;
        struct unit_range *grown;

        if (!(get32(c + 12) & SCN_CODE) || !len || modi >= p->nmodules || !module_has_info(&p->modules[modi]) ||
            pdb_rva(p, get16(c), get32(c + 4), &rva) || rva + len < rva)
            continue;
        if (!(grown = array_reserve(r, &cap, n, sizeof(*r), 1u << 24)))
        {
            free(r);
            return -1;
        }
        r = grown;
        r[n].lo = rva;
        r[n].hi = rva + len;
        r[n].unit = modi;
        n++;
    }
    if (n > 1) qsort(r, n, sizeof(*r), range_cmp);
    for (i = 0, s->nranges = 0; i < n; i++)
    {
        struct unit_range *last = s->nranges ? &r[s->nranges - 1] : NULL;

        if (last && last->unit == r[i].unit && r[i].lo <= last->hi)
        {
            if (r[i].hi > last->hi) last->hi = r[i].hi;
        }
        else r[s->nranges++] = r[i];
    }
    s->ranges = r;
    return 0;
}

/* The session, with the module-level part read into base; NULL with
 * *status 0 (nothing to read), -1 (an unreadable or /DEBUG:FASTLINK
 * file), or 1 when there is no contribution to place the modules by and
 * everything was read into base at once. */
static struct pdb_session *session_open(const struct debug_source *src, unsigned flags, struct symtab_builder *base,
                                        struct reader_stats *stats, int *status)
{
    struct pdb_session *s = calloc(1, sizeof(*s));
    uint32_t i;

    *status = -1;
    if (!s) return NULL;
    if (pdb_open(&s->p, src->view))
    {
        free(s);
        return NULL;
    }
    s->flags = flags;
    s->ptr64 = src->img ? src->img->pe32plus : 1;
    if (s->p.mini || pdb_load(&s->p, src->img)) goto fail;
    if (!has_debug_info(&s->p))
    {
        *status = 0;
        goto fail;
    }
    if (!(s->mods = calloc(s->p.nmodules, sizeof(*s->mods))) ||
        !(s->compilands = calloc(s->p.nmodules, sizeof(*s->compilands))) || contrib_ranges(s))
        goto fail;
    s->types = types_for(&s->p, base, s->ptr64);
    for (i = 0; i < s->p.nmodules; i++)
        if (module_has_info(&s->p.modules[i]) && stream_load(&s->p.msf, s->p.modules[i].stream, &s->mods[i]))
            goto fail;
    if (!s->nranges)
    {
        for (i = 0; i < s->p.nmodules; i++)
            read_module(&s->p, &s->p.modules[i], &s->mods[i], base, flags, stats, s->ptr64, s->types,
                        &s->compilands[i]);
        read_module_level(&s->p, base, s->ptr64, s->types);
        *status = 1;
        goto fail;
    }
    read_module_level(&s->p, base, s->ptr64, s->types);
    /* Nothing is read from the file from here on. */
    memset(&s->p.msf, 0, sizeof(s->p.msf));
    *status = 1;
    return s;
fail:
    session_free(s);
    return NULL;
}

int pdb_identity(const struct byte_view *view, struct pdb_id *id)
{
    struct pdb p;

    if (pdb_open(&p, view)) return -1;
    memset(id, 0, sizeof(*id));
    memcpy(id->guid, p.guid, 16);
    id->signature = p.signature;
    id->version = p.version;
    id->mini = p.mini;
    id->age = p.age;
    {
        unsigned char dbi[12];

        /* The DBI stream's age is the one the linker keeps current. */
        if (!msf_read(&p.msf, PDB_STREAM_DBI, 0, dbi, sizeof(dbi)) && get32(dbi) == 0xffffffffu)
            id->age = get32(dbi + 8);
    }
    pdb_close(&p);
    return 0;
}

/* ---- the reader behind the seam -------------------------------------- */

static int pdb_present(const struct debug_source *src)
{
    (void)src;
    return 0; /* a PDB is never inside the image */
}

static int pdb_reference(const struct debug_source *src, struct debug_ref *ref)
{
    struct pe_codeview cv;

    memset(ref, 0, sizeof(*ref));
    if (pe_read_codeview(src->img, src->view, &cv) || !cv.path[0]) return 0;
    ref->kind = DEBUG_REF_PDB;
    memcpy(ref->name, cv.path, sizeof(ref->name));
    ref->name[sizeof(ref->name) - 1] = 0;
    ref->cv_format = cv.format;
    memcpy(ref->guid, cv.guid, 16);
    ref->signature = cv.signature;
    ref->age = cv.age;
    return 1;
}

int pdb_matches(const struct debug_ref *ref, const struct pdb_id *id)
{
    if (ref->cv_format == PE_CV_RSDS && memcmp(ref->guid, id->guid, 16)) return 0;
    if (ref->cv_format == PE_CV_NB10 && ref->signature != id->signature) return 0;
    return ref->age == id->age;
}

/* The PDB whose identity the record gives (any PDB 7.0 with
 * DEBUG_REF_ANYTHING: then 2).  The image's own headers describe the
 * addresses: *file_img is a copy of them.  A /DEBUG:FASTLINK PDB is
 * refused (-1, traced): its symbols are in the object files. */
static int pdb_accept(const struct debug_ref *ref, const struct pe_image *img, const struct byte_view *file,
                      struct arena *arena, struct pe_image *file_img)
{
    struct pdb_id id;

    (void)arena;
    if (ref->kind != DEBUG_REF_PDB || pdb_identity(file, &id)) return 0;
    if (id.mini && (pdb_matches(ref, &id) || (ref->flags & DEBUG_REF_ANYTHING))) return -1;
    if (id.mini) return 0;
    if (!pdb_matches(ref, &id) && !(ref->flags & DEBUG_REF_ANYTHING)) return 0;
    *file_img = *img;
    return pdb_matches(ref, &id) ? 1 : 2;
}

static int pdb_read(const struct debug_source *src, struct symtab_builder *b, unsigned flags,
                    struct reader_stats *stats)
{
    return pdbread_image(src->img, src->view, b, flags, stats);
}

static int pdb_is_large(const struct debug_source *src)
{
    return src->view->size >= LAZY_PDB_MIN;
}

static void *pdb_open_units(const struct debug_source *src, unsigned flags, struct symtab_builder *base,
                            struct reader_stats *stats, int *status)
{
    return session_open(src, flags, base, stats, status);
}

static unsigned pdb_unit_count(const void *session)
{
    return ((const struct pdb_session *)session)->p.nmodules;
}

static const struct unit_range *pdb_unit_ranges(const void *session, unsigned *count)
{
    const struct pdb_session *s = session;

    *count = s->nranges;
    return s->ranges;
}

static int pdb_read_unit(void *session, unsigned unit, struct symtab_builder *b)
{
    struct pdb_session *s = session;

    if (unit >= s->p.nmodules) return -1;
    if (s->types) pdbt_set_builder(s->types, b);
    read_module(&s->p, &s->p.modules[unit], &s->mods[unit], b, s->flags, &s->stats, s->ptr64, s->types,
                &s->compilands[unit]);
    if (s->types) pdbt_set_builder(s->types, NULL);
    return 0;
}

static void pdb_close_units(void *session)
{
    session_free(session);
}

const struct debug_reader pdb_reader = {
    "PDB", READER_PDB, pdb_present, pdb_reference, pdb_accept, pdb_read,
    pdb_is_large, pdb_open_units, pdb_unit_count, pdb_unit_ranges, pdb_read_unit, pdb_close_units,
};
