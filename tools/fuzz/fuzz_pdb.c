/*
 * fuzz_pdb.c: libFuzzer target for the PDB reader (pdb.c over msf.c): the
 * input is a PDB file.  Its identity is read and matched against a record
 * made from it, then its symbols, lines and inline sites are read for an
 * image of four sections (the last input byte picks its bitness), with
 * a type store (the TPI records) for inputs of even size, and the tables
 * built from them looked up at the addresses they hold.  Inputs whose
 * last byte has bit 1 set are read as a large PDB is, by DBI module
 * through a session (each unit twice, as module_tab_all reads them
 * again), from a private copy freed once the session is open.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "reader.h"
#include "types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void lookups(const struct symtab *tab, const struct typetab *tt)
{
    uint32_t i, chain[8];

    for (i = 0; i < tab->nsyms && i < 64; i++)
    {
        symtab_find_sym(tab, tab->syms[i].rva);
        symtab_find_line(tab, tab->syms[i].rva);
        symtab_inline_chain(tab, tab->syms[i].rva + 1, chain, 8);
    }
    for (i = 0; i < tab->nranges && i < 64; i++) symtab_inline_chain(tab, tab->ranges[i].lo, chain, 8);
    for (i = 1; i <= tt->published && i < 4096; i++) typetab_type_size(tt, i);
}

/* The session path: module level into one table, then every unit, twice. */
static void read_units(const struct pe_image *img, const uint8_t *data, size_t size, struct arena *arena,
                       struct typetab *tt)
{
    struct byte_view view;
    struct debug_source src;
    struct reader_stats stats;
    struct symtab_builder *b;
    struct symtab tab;
    unsigned n, i, pass, count;
    uint8_t *copy;
    void *s;
    int status;

    if (!(copy = malloc(size ? size : 1)) || !(b = symtab_builder_new(arena)))
    {
        free(copy);
        return;
    }
    memcpy(copy, data, size);
    view.data = copy;
    view.size = size;
    src.img = img;
    src.view = &view;
    src.arena = arena;
    memset(&stats, 0, sizeof(stats));
    symtab_builder_set_types(b, tt);
    s = pdb_reader.open(&src, READ_LINES | READ_INLINES, b, &stats, &status);
    free(copy);
    if (!symtab_builder_finish(b, &tab)) lookups(&tab, tt);
    if (!s) return;
    pdb_reader.unit_ranges(s, &count);
    n = pdb_reader.unit_count(s);
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < n && i < 256; i++)
        {
            if (!(b = symtab_builder_new(arena))) break;
            symtab_builder_set_types(b, tt);
            pdb_reader.read_unit(s, i, b);
            if (!symtab_builder_finish(b, &tab)) lookups(&tab, tt);
        }
    pdb_reader.read_unit(s, n, NULL); /* out of range: refused */
    pdb_reader.close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct byte_view view = { data, size };
    struct pe_section sections[4];
    struct reader_stats stats;
    struct symtab_builder *b;
    struct debug_ref ref;
    struct pe_image img;
    struct pdb_id id;
    struct symtab tab;
    struct typetab tt;
    struct arena arena;
    uint32_t i;

    if (pdb_identity(&view, &id)) return 0;
    memset(&ref, 0, sizeof(ref));
    ref.kind = DEBUG_REF_PDB;
    ref.cv_format = 0x53445352; /* RSDS */
    memcpy(ref.guid, id.guid, 16);
    ref.age = id.age;
    if (!pdb_matches(&ref, &id)) return 0; /* it must match itself */
    memset(&img, 0, sizeof(img));
    memset(sections, 0, sizeof(sections));
    for (i = 0; i < 4; i++)
    {
        sections[i].va = 0x1000 + 0x10000 * i;
        sections[i].vsize = 0x10000;
    }
    img.nsections = 4;
    img.sections = sections;
    img.pe32plus = size && (data[size - 1] & 1);
    arena_init(&arena);
    memset(&stats, 0, sizeof(stats));
    typetab_init(&tt, &arena);
    if (size && (data[size - 1] & 2)) read_units(&img, data, size, &arena, &tt);
    else if ((b = symtab_builder_new(&arena)))
    {
        /* Odd sizes read without a type store. */
        if (!(size & 1)) symtab_builder_set_types(b, &tt);
        pdbread_image(&img, &view, b, READ_LINES | READ_INLINES, &stats);
        if (!symtab_builder_finish(b, &tab)) lookups(&tab, &tt);
    }
    arena_free_all(&arena);
    return 0;
}
