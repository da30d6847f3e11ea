/*
 * fuzz_pdb.c: libFuzzer target for the PDB reader (pdb.c over msf.c): the
 * input is a PDB file.  Its identity is read and matched against a record
 * made from it, then its symbols, lines and inline sites are read for an
 * image of four sections (the first input byte picks its bitness), with
 * a type store (the TPI records) for inputs of even size, and the tables
 * built from them looked up at the addresses they hold.
 */
#include <stdint.h>
#include <string.h>
#include "reader.h"
#include "types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    uint32_t i, chain[8];

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
    img.pe32plus = size && (data[0] & 1);
    arena_init(&arena);
    memset(&stats, 0, sizeof(stats));
    typetab_init(&tt, &arena);
    if ((b = symtab_builder_new(&arena)))
    {
        /* Odd sizes read without a type store. */
        if (!(size & 1)) symtab_builder_set_types(b, &tt);
        pdbread_image(&img, &view, b, READ_LINES | READ_INLINES, &stats);
        if (!symtab_builder_finish(b, &tab))
        {
            for (i = 0; i < tab.nsyms && i < 64; i++)
            {
                symtab_find_sym(&tab, tab.syms[i].rva);
                symtab_find_line(&tab, tab.syms[i].rva);
                symtab_inline_chain(&tab, tab.syms[i].rva + 1, chain, 8);
            }
            for (i = 0; i < tab.nranges && i < 64; i++)
                symtab_inline_chain(&tab, tab.ranges[i].lo, chain, 8);
            for (i = 1; i <= tt.published && i < 4096; i++) typetab_type_size(&tt, i);
        }
    }
    arena_free_all(&arena);
    return 0;
}
