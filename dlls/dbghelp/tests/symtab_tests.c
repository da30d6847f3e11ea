/*
 * symtab_tests.c: native unit tests of the symbol tables (symtab.c), the
 * COFF and export readers (coff.c) and the DWARF reader (dwarf.c) under
 * AddressSanitizer and UndefinedBehaviorSanitizer.
 *
 * Usage: symtab_tests [FIXTURE_SOURCE DLL...]: the DLLs are builds of
 * dwarf_fixture.c; each is read and checked against the source lines, then
 * read again truncated and corrupted, which must fail cleanly.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dwarf_reader.h"
#include "types.h"

/* From the AddressSanitizer runtime this test is always built with (its
 * header is not installed with gcc here). */
size_t __sanitizer_get_current_allocated_bytes(void);

static int failures, checks;

#define CHECK(cond, ...) do { checks++; if (!(cond)) { failures++; \
    printf("%s:%d: FAIL: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

/* ---- synthetic tables ---------------------------------------------------- */

static void test_synthetic(void)
{
    struct arena arena;
    struct symtab_builder *b;
    struct symtab tab;
    const struct sym_entry *e;
    const struct line_row *row;
    uint32_t f1, f2, s1, s2, chain[8];

    arena_init(&arena);
    b = symtab_builder_new(&arena);
    CHECK(b != NULL, "builder");
    symtab_add_symbol(b, 0x2000, 0x100, "beta", 4, SYME_FUNC);
    symtab_add_symbol(b, 0x1000, 0x80, "alpha", 5, SYME_FUNC);
    symtab_add_symbol(b, 0x1000, 0x80, "alpha", 5, SYME_FUNC); /* duplicate */
    symtab_add_symbol(b, 0x5000, 0, "gdata", 5, SYME_DATA);
    symtab_add_symbol(b, 0x1000, 0, "alpha", 5, SYME_PUBLIC | SYME_COFF | SYME_FUNC); /* shadowed */
    symtab_add_symbol(b, 0x3000, 0, "Gamma", 5, SYME_PUBLIC | SYME_EXPORT | SYME_FUNC);
    f1 = symtab_add_file(b, "/src/a.c");
    f2 = symtab_add_file(b, "/src/b.c");
    CHECK(symtab_add_file(b, "/src/a.c") == f1, "files are deduplicated");
    /* Sequence 1: two rows at 0x1000, the last one applies. */
    symtab_add_line(b, 0x1000, 10, f1, 0);
    symtab_add_line(b, 0x1000, 11, f1, 0);
    symtab_add_line(b, 0x1010, 12, f1, 0);
    symtab_add_line(b, 0x1080, 0, 0, 1);
    /* Sequence 2 starts where another ends. */
    symtab_add_line(b, 0x2000, 0, 0, 1);
    symtab_add_line(b, 0x2000, 20, f2, 0);
    symtab_add_line(b, 0x2100, 0, 0, 1);
    /* Sequence 3 ends with a zero-length row at its end address. */
    symtab_add_line(b, 0x6000, 5, f1, 0);
    symtab_add_line(b, 0x6010, 6, f1, 0);
    symtab_add_line(b, 0x6010, 0, 0, 1);
    s1 = symtab_open_site(b, 1, symtab_intern(b, "inl1", 4), f2, 30);
    symtab_add_site_range(b, s1, 0x2010, 0x2040);
    s2 = symtab_open_site(b, 2, symtab_intern(b, "inl2", 4), f2, 40);
    symtab_add_site_range(b, s2, 0x2020, 0x2030);
    symtab_close_site(b, s2);
    symtab_close_site(b, s1);
    CHECK(symtab_builder_finish(b, &tab) == 0, "finish");

    CHECK(tab.nsyms == 3, "nsyms %u", tab.nsyms);
    CHECK(tab.npubs == 2 && tab.nshadowed == 1 && (tab.pubs[0].flags & SYME_SHADOWED),
          "shadowed public flagged: npubs %u", tab.npubs);
    e = symtab_find_sym(&tab, 0x1040);
    CHECK(e && !strcmp(e->name, "alpha"), "find alpha");
    CHECK(!symtab_find_sym(&tab, 0x1080), "0x1080 is past alpha");
    e = symtab_find_public(&tab, 0x3456, 0);
    CHECK(e && !strcmp(e->name, "Gamma"), "nearest public");
    CHECK(!symtab_find_public(&tab, 0x2fff, 0), "no public below Gamma");
    e = symtab_find_public(&tab, 0x2fff, 1);
    CHECK(e && !strcmp(e->name, "alpha"), "shadowed public when asked for");
    e = symtab_find_name(&tab, "gamma", 5, 1, SYMTAB_SYMS | SYMTAB_PUBS);
    CHECK(e && e->rva == 0x3000, "case-insensitive name");
    CHECK(!symtab_find_name(&tab, "gamma", 5, 0, SYMTAB_SYMS | SYMTAB_PUBS), "case-sensitive miss");
    CHECK(!symtab_find_name(&tab, "Gamma", 5, 0, SYMTAB_SYMS), "publics excluded");
    row = symtab_find_line(&tab, 0x1004);
    CHECK(row && row->line == 11, "last row at one address wins: %u", row ? row->line : 0);
    row = symtab_find_line(&tab, 0x1050);
    CHECK(row && row->line == 12, "row 12");
    CHECK(!symtab_find_line(&tab, 0x1900), "gap between sequences");
    row = symtab_find_line(&tab, 0x2000);
    CHECK(row && row->line == 20 && LINE_FILE(row) == f2, "sequence starting at an end");
    CHECK(!symtab_find_line(&tab, 0x2100), "after a sequence");
    row = symtab_find_line(&tab, 0x600f);
    CHECK(row && row->line == 5, "row 5 up to the end");
    CHECK(!symtab_find_line(&tab, 0x6010) && !symtab_find_line(&tab, 0x7000),
          "a zero-length last row does not extend the sequence");
    CHECK(symtab_inline_chain(&tab, 0x2024, chain, 8) == 2 && chain[0] == s1 && chain[1] == s2,
          "inline chain of two");
    CHECK(symtab_inline_chain(&tab, 0x2034, chain, 8) == 1, "inline chain of one");
    CHECK(symtab_inline_chain(&tab, 0x2044, chain, 8) == 0, "no inline");
    CHECK(symtab_site_low(&tab, s2) == 0x2020, "site low");
    arena_free_all(&arena);
}

/* Inline ranges of nested sites only (their depth-1 parent had none, as
 * hostile DWARF gives): no top-level ranges, a table all the same (found by
 * fuzz_symbols: the empty top list was sorted from a NULL pointer). */
static void test_nested_sites_only(void)
{
    struct symtab_builder *b;
    struct symtab tab;
    struct arena arena;
    uint32_t s1, s2, chain[4];

    arena_init(&arena);
    b = symtab_builder_new(&arena);
    CHECK(b != NULL, "builder");
    if (!b) return;
    symtab_add_symbol(b, 0x1000, 0x100, "outer", 5, SYME_FUNC);
    s1 = symtab_open_site(b, 1, symtab_intern(b, "inl1", 4), 0, 10);
    s2 = symtab_open_site(b, 2, symtab_intern(b, "inl2", 4), 0, 20);
    CHECK(s2 != (uint32_t)-1 && symtab_add_site_range(b, s2, 0x1010, 0x1020) == 0, "nested range");
    symtab_close_site(b, s2);
    symtab_close_site(b, s1);
    CHECK(symtab_builder_finish(b, &tab) == 0, "finish with nested ranges only");
    CHECK(tab.nranges == 1 && tab.ntop == 0 && !tab.top, "no top-level range: %u ranges, %u top",
          tab.nranges, tab.ntop);
    CHECK(!symtab_find_top_site(&tab, 0x1018), "no top site");
    CHECK(symtab_inline_chain(&tab, 0x1018, chain, 4) == 0, "no chain without a top site");
    arena_free_all(&arena);
}

/* i386 C decorations: "_f", "_f@8", "@f@8" are f, found by either name. */
static void test_c_decorations(void)
{
    static const struct { const char *name; const char *core; } cases[] = {
        { "_f", "f" }, { "_f@8", "f" }, { "@f@8", "f" }, { "_f@0", "f" }, { "__imp__f@4", "_imp__f" },
        { "_a@b", "a@b" }, { "f", NULL }, { "@f", NULL }, { "_", NULL }, { "__Z3fooi", NULL },
        { "_@8", "@8" }, { "@@8", NULL },
    };
    const struct sym_entry *e;
    struct symtab_builder *b;
    struct symtab tab;
    struct arena arena;
    size_t i, start, len;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        len = symtab_c_core(cases[i].name, strlen(cases[i].name), &start);
        if (!cases[i].core) CHECK(!len, "%s: core of length %zu", cases[i].name, len);
        else CHECK(len == strlen(cases[i].core) && !memcmp(cases[i].name + start, cases[i].core, len),
                   "%s: core %.*s", cases[i].name, (int)len, len ? cases[i].name + start : "");
    }
    arena_init(&arena);
    b = symtab_builder_new(&arena);
    CHECK(b != NULL, "builder");
    if (!b) return;
    symtab_add_symbol(b, 0x1000, 0, "_Sleep@4", 8, SYME_PUBLIC | SYME_COFF | SYME_FUNC | SYME_CDECOR);
    symtab_add_symbol(b, 0x2000, 0, "_counter", 8, SYME_PUBLIC | SYME_COFF | SYME_DATA | SYME_CDECOR);
    symtab_add_symbol(b, 0x3000, 0, "@fast@12", 8, SYME_PUBLIC | SYME_COFF | SYME_FUNC | SYME_CDECOR);
    symtab_add_symbol(b, 0x3000, 0x10, "fast", 4, SYME_FUNC);
    CHECK(symtab_builder_finish(b, &tab) == 0, "finish");
    e = symtab_find_name(&tab, "Sleep", 5, 0, SYMTAB_PUBS);
    CHECK(e && e->rva == 0x1000, "Sleep by its core");
    e = symtab_find_name(&tab, "_Sleep@4", 8, 0, SYMTAB_PUBS);
    CHECK(e && e->rva == 0x1000, "_Sleep@4 by its raw name");
    e = symtab_find_name(&tab, "sleep", 5, 1, SYMTAB_PUBS);
    CHECK(e && e->rva == 0x1000, "sleep, case-insensitive");
    CHECK(!symtab_find_name(&tab, "Sleep@4", 7, 0, SYMTAB_PUBS), "half-decorated name");
    CHECK(!symtab_find_name(&tab, "_Sleep", 6, 0, SYMTAB_PUBS), "other decoration");
    e = symtab_find_name(&tab, "counter", 7, 0, SYMTAB_PUBS);
    CHECK(e && e->rva == 0x2000, "cdecl data by its core");
    CHECK(tab.nshadowed == 1 && tab.pubs[2].rva == 0x3000 && (tab.pubs[2].flags & SYME_SHADOWED),
          "a decorated public shadowed by its function: %u", tab.nshadowed);
    arena_free_all(&arena);
}

/* ---- real DWARF ----------------------------------------------------------- */

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long len;

    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (len <= 0 || !(data = malloc((size_t)len)))
    {
        fclose(f);
        return NULL;
    }
    if (fread(data, 1, (size_t)len, f) != (size_t)len)
    {
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *size = (size_t)len;
    return data;
}

/* The line of the source that starts with `prefix`, or 0. */
static unsigned source_line(const char *src, const char *prefix)
{
    const char *p = src;
    unsigned line = 1;

    while (*p)
    {
        if (!strncmp(p, prefix, strlen(prefix))) return line;
        p = strchr(p, '\n');
        if (!p) break;
        p++;
        line++;
    }
    return 0;
}

static unsigned marker_line(const char *src, const char *marker)
{
    const char *hit = strstr(src, marker), *p;
    unsigned line = 1;

    if (!hit) return 0;
    for (p = src; p < hit; p++)
        if (*p == '\n') line++;
    return line;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);

    return a >= b && !strcmp(s + a - b, suffix);
}

static const struct pe_export *find_export(const struct pe_export *exps, uint32_t n, const char *name)
{
    uint32_t i;

    for (i = 0; i < n; i++)
        if (exps[i].name && !strcmp(exps[i].name, name)) return &exps[i];
    return NULL;
}

static int read_tables(const unsigned char *data, size_t size, struct arena *arena,
                       struct pe_image *img, struct symtab *tab, struct pe_export **exps,
                       uint32_t *nexps, int *dwarf, struct typetab *tt)
{
    struct byte_view view = { data, size };
    struct symtab_builder *b;
    struct reader_stats stats;

    typetab_init(tt, arena);
    if (pe_parse(&view, 0, arena, img) != PE_OK) return -1;
    if (!(b = symtab_builder_new(arena))) return -1;
    symtab_builder_set_types(b, tt);
    if (pe_read_exports(img, &view, arena, exps, nexps) != PE_OK) *nexps = 0;
    coff_add_exports(img, *exps, *nexps, b);
    coff_read_symbols(img, &view, b);
    *dwarf = dwarfread_image(img, &view, b, READ_LINES | READ_INLINES, &stats);
    return symtab_builder_finish(b, tab);
}

/* A session (lazy reading, private section copies) gives, unit by unit,
 * the functions and lines the whole-image reading gave. */
static void test_session(const unsigned char *data, size_t size, const struct symtab *full,
                         const char *dll)
{
    unsigned char *copy = malloc(size);
    struct byte_view view = { copy, size };
    struct arena arena;
    struct pe_image img;
    struct dwarfread_session *s;
    const struct unit_range *ranges;
    unsigned count, i, j;
    int status;

    if (!copy) return;
    memcpy(copy, data, size);
    arena_init(&arena);
    CHECK(pe_parse(&view, 0, &arena, &img) == PE_OK, "%s: parse", dll);
    s = dwarfread_open(&img, &view, READ_LINES | READ_INLINES, 1, &status);
    CHECK(s && status == 1, "%s: session (%d)", dll, status);
    /* The session must not need the view any more. */
    memset(copy, 0xcc, size);
    free(copy);
    if (!s)
    {
        arena_free_all(&arena);
        return;
    }
    ranges = dwarfread_unit_ranges(s, &count);
    CHECK(count > 0 && dwarfread_unit_count(s) > 0, "%s: unit ranges %u", dll, count);
    for (i = 0; i < full->nsyms; i++)
    {
        const struct sym_entry *e = &full->syms[i];
        struct symtab_builder *b;
        struct symtab unit;
        const struct sym_entry *u;
        const struct line_row *lf, *lu;

        if (!(e->flags & SYME_FUNC)) continue;
        for (j = 0; j < count; j++)
            if (e->rva >= ranges[j].lo && e->rva < ranges[j].hi) break;
        CHECK(j < count, "%s: %s in a unit range", dll, e->name);
        if (j == count) continue;
        b = symtab_builder_new(&arena);
        CHECK(b && dwarfread_unit(s, ranges[j].unit, b) == 0 && symtab_builder_finish(b, &unit) == 0,
              "%s: read unit %u", dll, ranges[j].unit);
        u = symtab_find_sym(&unit, e->rva);
        CHECK(u && !strcmp(u->name, e->name) && u->size == e->size, "%s: %s from its unit", dll, e->name);
        lf = symtab_find_line(full, e->rva);
        lu = symtab_find_line(&unit, e->rva);
        CHECK((!lf && !lu) || (lf && lu && lf->line == lu->line &&
                               !strcmp(full->files[LINE_FILE(lf)], unit.files[LINE_FILE(lu)])),
              "%s: %s line from its unit", dll, e->name);
    }
    dwarfread_close(s);
    arena_free_all(&arena);
}

/* Debug sections whose VirtualSize claims 2 GB: a session (which copies
 * the sections it keeps) allocates no more than the file holds, and reads
 * the same units. */
static void test_huge_vsize(const unsigned char *data, size_t size, const char *dll)
{
    unsigned char *copy = malloc(size);
    struct byte_view view = { copy, size };
    struct arena arena;
    struct pe_image img;
    struct dwarfread_session *s;
    uint32_t nt, optsize, i, patched = 0;
    size_t before, after;
    int status;

    if (!copy) return;
    memcpy(copy, data, size);
    arena_init(&arena);
    CHECK(pe_parse(&view, 0, &arena, &img) == PE_OK, "%s: parse", dll);
    nt = (uint32_t)(copy[0x3c] | copy[0x3d] << 8 | copy[0x3e] << 16 | (uint32_t)copy[0x3f] << 24);
    optsize = (uint32_t)(copy[nt + 20] | copy[nt + 21] << 8);
    for (i = 0; i < img.nsections; i++)
    {
        const char *name = img.sections[i].long_name ? img.sections[i].long_name : img.sections[i].name;
        unsigned char *vs = copy + nt + 24 + optsize + i * 40 + 8;

        /* Every .debug_* section, .debug_rnglists included: libdwarf
         * 20210528 (Debian 12's) freed twice on the zero padding a file
         * then showed in it; 0.11.1 does not, and we show no padding. */
        if (strncmp(name, ".debug_", 7)) continue;
        vs[0] = 0; vs[1] = 0; vs[2] = 0; vs[3] = 0x7f;   /* 0x7f000000 bytes */
        patched++;
    }
    arena_free_all(&arena);
    arena_init(&arena);
    CHECK(patched > 0 && pe_parse(&view, 0, &arena, &img) == PE_OK, "%s: %u sections patched", dll, patched);
    before = __sanitizer_get_current_allocated_bytes();
    s = dwarfread_open(&img, &view, READ_LINES | READ_INLINES, 1, &status);
    after = __sanitizer_get_current_allocated_bytes();
    CHECK(s && status == 1 && dwarfread_unit_count(s) > 0, "%s: huge VirtualSize: session %d", dll, status);
    CHECK(after - before < 4 * size + (1u << 20), "%s: huge VirtualSize: %zu bytes allocated for a %zu-byte file",
          dll, after - before, size);
    if (s) dwarfread_close(s);
    arena_free_all(&arena);
    free(copy);
}

/* The image as a loader maps it (sections at their RVAs, no COFF string
 * table): the long section names are recovered from ld's order and the
 * DWARF gives the same functions and lines. */
static void test_memory_image(const unsigned char *data, size_t size, const struct symtab *full,
                              const char *dll)
{
    struct arena arena;
    struct pe_image file_img, img;
    struct byte_view view = { data, size }, mview;
    struct symtab_builder *b;
    struct symtab tab;
    struct reader_stats stats;
    unsigned char *mem;
    uint32_t i, checked = 0;

    arena_init(&arena);
    if (pe_parse(&view, 0, &arena, &file_img) != PE_OK || !(mem = calloc(1, file_img.size_of_image)))
    {
        arena_free_all(&arena);
        return;
    }
    memcpy(mem, data, file_img.nsections ? file_img.sections[0].raw_off : 0x400);
    for (i = 0; i < file_img.nsections; i++)
    {
        const struct pe_section *sec = &file_img.sections[i];
        uint32_t len = sec->raw_size < sec->vsize ? sec->raw_size : sec->vsize;

        if ((uint64_t)sec->va + len <= file_img.size_of_image) memcpy(mem + sec->va, data + sec->raw_off, len);
    }
    mview.data = mem;
    mview.size = file_img.size_of_image;
    CHECK(pe_parse(&mview, 1, &arena, &img) == PE_OK, "%s: memory parse", dll);
    b = symtab_builder_new(&arena);
    CHECK(dwarfread_image(&img, &mview, b, READ_LINES | READ_INLINES, &stats) == 1,
          "%s: DWARF read from the memory image", dll);
    CHECK(symtab_builder_finish(b, &tab) == 0, "%s: memory tables", dll);
    for (i = 0; i < full->nsyms; i++)
    {
        const struct sym_entry *e = &full->syms[i], *m;
        const struct line_row *lf, *lm;

        if (!(e->flags & SYME_FUNC)) continue;
        m = symtab_find_sym(&tab, e->rva);
        lf = symtab_find_line(full, e->rva);
        lm = symtab_find_line(&tab, e->rva);
        CHECK(m && !strcmp(m->name, e->name), "%s: %s from memory", dll, e->name);
        CHECK((!lf && !lm) || (lf && lm && lf->line == lm->line), "%s: %s line from memory", dll, e->name);
        checked++;
    }
    CHECK(checked > 3, "%s: %u functions compared", dll, checked);
    free(mem);
    arena_free_all(&arena);
}

/* Every id a node holds names a node of the store (or is 0). */
static void check_type_refs(const struct typetab *tt, const char *dll)
{
    uint32_t id, i, bad = 0;

    for (id = 1; id <= tt->published; id++)
    {
        const struct type_node *n = typetab_get(tt, id);

        if (!n || n->tag >= TAG_MAX) { bad++; continue; }
        if (n->type > tt->published || n->aux > tt->published || n->parent > tt->published ||
            n->lexical > tt->published)
            bad++;
        for (i = 0; i < n->nkids; i++)
            if (!n->kids[i] || n->kids[i] > tt->published) bad++;
    }
    CHECK(!bad, "%s: %u bad type references", dll, bad);
}

static const struct type_node *kid_named(const struct typetab *tt, const struct type_node *n,
                                         const char *name)
{
    uint32_t i;

    for (i = 0; i < n->nkids; i++)
    {
        const struct type_node *k = typetab_get(tt, n->kids[i]);

        if (k && k->name && !strcmp(k->name, name)) return k;
    }
    return NULL;
}

/* The types of the fixture's globals and functions. */
static void test_types(const struct symtab *tab, struct typetab *tt, const char *dll)
{
    const struct sym_entry *g = symtab_find_name(tab, "fixture_global", 14, 0, SYMTAB_SYMS);
    const struct sym_entry *f = symtab_find_name(tab, "fixture_add", 11, 0, SYMTAB_SYMS);
    const struct sym_entry *p = symtab_find_name(tab, "fixture_pairs", 13, 0, SYMTAB_SYMS);
    const struct type_node *n, *t, *m;
    uint32_t id;

    check_type_refs(tt, dll);
    CHECK(tt->exe && typetab_get(tt, tt->exe) && typetab_get(tt, tt->exe)->tag == TAG_EXE, "%s: exe node", dll);
    n = g ? typetab_get(tt, g->tid) : NULL;
    CHECK(n && n->tag == TAG_DATA && n->kind == DATA_GLOBAL && (n->flags & TNF_ADDRESS) &&
          (uint32_t)n->value == g->rva, "%s: fixture_global's node", dll);
    t = n ? typetab_get(tt, n->type) : NULL;
    CHECK(t && t->tag == TAG_BASE_TYPE && t->kind == BT_INT && t->length == 4, "%s: int", dll);
    CHECK(g && g->size == 4, "%s: fixture_global's size %u", dll, g ? g->size : 0);
    n = f ? typetab_get(tt, f->tid) : NULL;
    CHECK(n && n->tag == TAG_FUNCTION && (uint32_t)n->value == f->rva && n->length == f->size,
          "%s: fixture_add's node", dll);
    t = n ? typetab_get(tt, n->type) : NULL;
    CHECK(t && t->tag == TAG_FUNCTION_TYPE && t->count == 2 && t->nkids == 2, "%s: fixture_add's type", dll);
    CHECK(n && kid_named(tt, n, "a") && kid_named(tt, n, "a")->kind == DATA_PARAM, "%s: parameter a", dll);
    n = p ? typetab_get(tt, p->tid) : NULL;
    t = n ? typetab_get(tt, n->type) : NULL;
    CHECK(t && t->tag == TAG_ARRAY_TYPE && t->count == 2 && p->size == t->length, "%s: fixture_pairs", dll);
    t = t ? typetab_get(tt, t->type) : NULL;
    CHECK(t && t->tag == TAG_UDT && t->name && !strcmp(t->name, "fixture_pair") && t->nkids == 3,
          "%s: struct fixture_pair", dll);
    m = t ? kid_named(tt, t, "flag") : NULL;
    CHECK(m && (m->flags & TNF_BITFIELD) && m->length == 1 && m->value == 4 && m->bitpos == 0,
          "%s: bitfield flag", dll);
    m = t ? kid_named(tt, t, "next") : NULL;
    CHECK(m && typetab_get(tt, m->type) && typetab_get(tt, typetab_get(tt, m->type)->type) == t,
          "%s: the self pointer", dll);
    CHECK(typetab_index(tt) == 0, "%s: name index", dll);
    id = typetab_find_name(tt, "fixture_pair", 12, 0);
    CHECK(id && typetab_get(tt, id) == t, "%s: fixture_pair by name", dll);
    CHECK(typetab_find_name(tt, "FIXTURE_PAIR", 12, 1) == id, "%s: by name, any case", dll);
    CHECK(!typetab_find_name(tt, "FIXTURE_PAIR", 12, 0), "%s: by name, wrong case", dll);
}

static void test_fixture(const char *src, const char *dll)
{
    static const char *const funcs[] = { "fixture_add", "fixture_outer", "fixture_loop" };
    struct arena arena;
    struct pe_image img;
    struct symtab tab;
    struct pe_export *exps = NULL;
    uint32_t nexps = 0, i, rva, chain[8];
    unsigned call_line = marker_line(src, "/* call-site */");
    size_t size;
    unsigned char *data = (unsigned char *)read_file(dll, &size);
    int dwarf = 0, found_inline = 0, optimised = strstr(dll, "O2") != NULL;
    struct typetab tt;

    CHECK(data != NULL, "read %s", dll);
    if (!data) return;
    arena_init(&arena);
    CHECK(read_tables(data, size, &arena, &img, &tab, &exps, &nexps, &dwarf, &tt) == 0, "%s: tables", dll);
    CHECK(dwarf == 1, "%s: DWARF read (%d)", dll, dwarf);
    CHECK(tab.has_lines, "%s: lines", dll);
    for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
    {
        const struct pe_export *exp = find_export(exps, nexps, funcs[i]);
        const struct sym_entry *e;
        const struct line_row *row;
        char prefix[64];
        unsigned def, line;

        CHECK(exp != NULL, "%s: export %s", dll, funcs[i]);
        if (!exp) continue;
        e = symtab_find_sym(&tab, exp->rva + 1);
        CHECK(e && !strcmp(e->name, funcs[i]) && e->rva == exp->rva && e->size > 1,
              "%s: function %s: got %s", dll, funcs[i], e ? e->name : "(none)");
        row = symtab_find_line(&tab, exp->rva);
        snprintf(prefix, sizeof(prefix), "EXPORT int %s(", funcs[i]);
        def = source_line(src, prefix);
        line = row ? row->line : 0;
        if (symtab_inline_chain(&tab, exp->rva, chain, 8)) line = tab.sites[chain[0]].call_line;
        /* -O0: the entry is the definition line.  -O2: several rows share
         * the entry address and the last applies, a line of the body (as
         * addr2line reports). */
        CHECK(row && (optimised ? line >= def && line <= def + 5 : line == def) &&
              LINE_FILE(row) < tab.nfiles && ends_with(tab.files[LINE_FILE(row)], "dwarf_fixture.c"),
              "%s: %s starts at line %u, got %u", dll, funcs[i], def, line);
        if (!e || strcmp(funcs[i], "fixture_outer")) continue;
        /* The inlined call shows up as a depth-1 site at the marked line. */
        for (rva = e->rva; rva < e->rva + e->size; rva++)
        {
            if (symtab_inline_chain(&tab, rva, chain, 8) != 1) continue;
            found_inline = 1;
            CHECK(!strcmp(tab.sites[chain[0]].name, "fixture_twice") &&
                  tab.sites[chain[0]].call_line == call_line,
                  "%s: inline site %s at line %u", dll, tab.sites[chain[0]].name,
                  tab.sites[chain[0]].call_line);
            break;
        }
    }
    CHECK(found_inline || !optimised, "%s: inline site found", dll);
    test_session(data, size, &tab, dll);
    test_memory_image(data, size, &tab, dll);
    test_huge_vsize(data, size, dll);
    {
        const struct sym_entry *g = symtab_find_name(&tab, "fixture_global", 14, 0, SYMTAB_SYMS);

        CHECK(g && (g->flags & SYME_DATA), "%s: global variable", dll);
        test_types(&tab, &tt, dll);
    }
    arena_free_all(&arena);

    /* Hostile copies: truncated, then with corrupted bytes in the middle;
     * reading must end cleanly (ASan watches). */
    for (i = 1; i <= 8; i++)
    {
        size_t cut = size * i / 9;
        unsigned char *copy = malloc(cut);
        int d;

        if (!copy) continue;
        memcpy(copy, data, cut);
        arena_init(&arena);
        read_tables(copy, cut, &arena, &img, &tab, &exps, &nexps, &d, &tt);
        check_type_refs(&tt, dll);
        arena_free_all(&arena);
        memcpy(copy, data, cut);
        if (cut > 4096)
        {
            size_t j;

            srand(i);
            for (j = 0; j < 64; j++) copy[cut / 2 + (size_t)rand() % (cut / 2)] ^= 0x5a;
            arena_init(&arena);
            read_tables(copy, cut, &arena, &img, &tab, &exps, &nexps, &d, &tt);
        check_type_refs(&tt, dll);
            arena_free_all(&arena);
        }
        free(copy);
    }
    free(data);
}

int main(int argc, char **argv)
{
    char *src = NULL;
    size_t size;
    int i;

    test_synthetic();
    test_nested_sites_only();
    test_c_decorations();
    if (argc > 2)
    {
        src = read_file(argv[1], &size);
        CHECK(src != NULL, "read %s", argv[1]);
        if (src)
        {
            src = realloc(src, size + 1);
            src[size] = 0;
            for (i = 2; i < argc; i++) test_fixture(src, argv[i]);
        }
        free(src);
    }
    else printf("symtab_tests: no fixture DLLs given, DWARF checks skipped\n");
    printf("symtab_tests: %d checks, %d failures\n", checks, failures);
    return failures != 0;
}
