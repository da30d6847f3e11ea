/*
 * fuzz_symbols.c: libFuzzer target for the whole symbol build from an
 * image, DWARF included, through the readers' tables of reader.h as the
 * module-debug layer calls them: pe_parse, the exports and COFF readers,
 * then the DWARF reader over libdwarf 0.11 (its debuglink reference and
 * the acceptance of a candidate debug file too) in both ways the DLL
 * reads it, and lookups over what was built.
 *   - whole: dwarfread_image reads every unit into one table;
 *   - lazy: a session over private copies of the sections (the input is
 *     freed before the units are read, as the DLL unmaps the file), then
 *     one table per unit, on demand;
 * the input read as a file (whole and lazy) and as a memory image (whole).
 * Lines, inline sites and types (types.h) are read in both; every node
 * the store publishes is walked through its references.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "symtab.h"
#include "dwarf_reader.h"
#include "types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_UNITS 64 /* units read per input in lazy mode */

static void lookups(const struct symtab *tab)
{
    uint32_t i, chain[8], first;

    for (i = 0; i < tab->nsyms && i < 1024; i++)
    {
        const struct sym_entry *e = &tab->syms[i];

        symtab_find_sym(tab, e->rva);
        symtab_find_line(tab, e->rva);
        symtab_find_line(tab, e->rva + 1);
        symtab_inline_chain(tab, e->rva + 1, chain, 8);
        symtab_find_locals(tab, e->rva + 1, &first);
        symtab_find_name(tab, e->name, strlen(e->name), 0, SYMTAB_SYMS | SYMTAB_PUBS);
    }
    for (i = 0; i < tab->npubs && i < 1024; i++) symtab_find_public(tab, tab->pubs[i].rva, 1);
    symtab_find_sym(tab, 0);
    symtab_find_line(tab, 0xffffffffu);
}

/* Follow every reference of every published node, the name index and a
 * lookup by each name, as SymGetTypeInfo and SymGetTypeFromName do. */
static void walk_types(struct typetab *tt)
{
    uint32_t id, i;
    volatile uint64_t sink = 0;

    for (id = 1; id <= tt->published && id < 100000; id++)
    {
        const struct type_node *n = typetab_get(tt, id), *k;

        sink += n->length + (uint64_t)n->value + n->count + n->bitpos;
        if ((k = typetab_get(tt, n->type))) sink += k->tag;
        if ((k = typetab_get(tt, n->aux))) sink += k->tag;
        if ((k = typetab_get(tt, n->parent))) sink += k->tag;
        if ((k = typetab_get(tt, n->lexical))) sink += k->tag;
        if (n->name) sink += strlen(n->name);
        for (i = 0; i < n->nkids; i++)
            if ((k = typetab_get(tt, n->kids[i]))) sink += k->tag;
        sink += typetab_untypedef(tt, id);
    }
    if (typetab_index(tt)) return;
    for (i = 0; i < tt->nindexed && i < 1024; i++)
    {
        const struct type_node *n = typetab_get(tt, tt->indexed[i]);

        sink += typetab_find_name(tt, n->name, strlen(n->name), i & 1);
    }
    (void)sink;
}

/* What the module-debug layer does, through the same reader tables:
 * the publics readers, then the DWARF reader's reference (a debuglink
 * the input may name; the input itself is offered as the candidate file,
 * as if found on the search path) and its reading, whole (every unit into
 * the same table) or lazy (a session over private copies of the sections,
 * the input freed before the units are read, as the DLL unmaps the file,
 * then one table per unit). */
static void read_image(const uint8_t *data, size_t size, int mapped, int lazy)
{
    const struct debug_reader *const publics[] = { &exports_reader, &coff_reader };
    const struct debug_reader *r = &dwarf_reader;
    struct debug_source src;
    struct reader_stats stats;
    struct debug_ref ref;
    struct symtab_builder *b;
    struct byte_view view;
    struct pe_image img, file_img;
    struct symtab tab;
    struct arena arena;
    struct typetab tt;
    unsigned i, n, count;
    uint8_t *copy;
    void *s;
    int status;

    /* A private buffer, so that ASan sees any use after the unmapping. */
    if (!(copy = malloc(size ? size : 1))) return;
    memcpy(copy, data, size);
    view.data = copy;
    view.size = size;
    arena_init(&arena);
    typetab_init(&tt, &arena);
    if (pe_parse(&view, mapped, &arena, &img) != PE_OK) goto done;
    src.img = &img;
    src.view = &view;
    src.arena = &arena;
    if (!(b = symtab_builder_new(&arena))) goto done;
    symtab_builder_set_types(b, &tt);
    for (i = 0; i < 2; i++) publics[i]->read(&src, b, READ_LINES | READ_INLINES, &stats);
    if (r->reference(&src, &ref))
    {
        r->accept(&ref, &img, &view, &arena, &file_img);
        ref.crc = pe_crc32(0, view.data, view.size); /* the input as its own debug file */
        r->accept(&ref, &img, &view, &arena, &file_img);
    }
    if (!r->present(&src))
    {
        if (!symtab_builder_finish(b, &tab)) lookups(&tab);
        goto done;
    }
    r->is_large(&src);
    if (!lazy)
    {
        r->read(&src, b, READ_LINES | READ_INLINES, &stats);
        if (!symtab_builder_finish(b, &tab)) lookups(&tab);
        walk_types(&tt);
        goto done;
    }
    s = r->open(&src, READ_LINES | READ_INLINES, b, &stats, &status);
    free(copy);
    copy = NULL;
    if (!symtab_builder_finish(b, &tab)) lookups(&tab);
    if (!s) goto done;
    r->unit_ranges(s, &count);
    n = r->unit_count(s);
    for (i = 0; i < n && i < MAX_UNITS; i++)
    {
        if (!(b = symtab_builder_new(&arena))) break;
        symtab_builder_set_types(b, &tt);
        r->read_unit(s, i, b);
        if (!symtab_builder_finish(b, &tab)) lookups(&tab);
    }
    /* Every unit again (as module_tab_all does): the nodes are found, not
     * made twice. */
    for (i = 0; i < n && i < MAX_UNITS; i++)
    {
        if (!(b = symtab_builder_new(&arena))) break;
        symtab_builder_set_types(b, &tt);
        r->read_unit(s, i, b);
        if (!symtab_builder_finish(b, &tab)) lookups(&tab);
    }
    walk_types(&tt);
    r->read_unit(s, n, NULL); /* out of range: refused */
    r->close(s);
done:
    arena_free_all(&arena);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_image(data, size, 0, 0); /* a file, whole */
    read_image(data, size, 0, 1); /* a file, lazy */
    read_image(data, size, 1, 0); /* a memory image, whole */
    return 0;
}
