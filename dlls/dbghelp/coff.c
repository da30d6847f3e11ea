/*
 * coff.c: public symbols of an image for the symbol tables: the COFF symbol
 * table that GNU ld keeps in PE files (functions and variables, global and
 * file-static) and the export table: the two publics readers of reader.h.
 * Portable core.
 */
#include <string.h>
#include "reader.h"

#define COFF_SYM_SIZE 18
#define COFF_CLASS_EXTERNAL 2
#define COFF_CLASS_STATIC 3
#define COFF_TYPE_FUNCTION 0x20 /* DT_FCN << 4 */
#define SCN_MEM_EXECUTE 0x20000000

/* Hostile counts are bounded by the file, but keep a sane ceiling too. */
#define COFF_MAX_SYMS (16u << 20)

int coff_read_symbols(const struct pe_image *img, const struct byte_view *view,
                      struct symtab_builder *b)
{
    uint64_t strtab, i;
    uint32_t strsize = 0, nsyms = img->coff_nsyms;
    int count = 0;

    if (img->mapped || !img->coff_symtab || !nsyms) return 0;
    if (nsyms > COFF_MAX_SYMS) nsyms = COFF_MAX_SYMS;
    if (!view_ptr(view, img->coff_symtab, (uint64_t)nsyms * COFF_SYM_SIZE)) return 0;
    strtab = (uint64_t)img->coff_symtab + (uint64_t)nsyms * COFF_SYM_SIZE;
    if (view_u32(view, strtab, &strsize)) strsize = 0;
    for (i = 0; i < nsyms; i++)
    {
        const unsigned char *sym = view_ptr(view, img->coff_symtab + i * COFF_SYM_SIZE, COFF_SYM_SIZE);
        uint32_t value = sym[8] | sym[9] << 8 | sym[10] << 16 | (uint32_t)sym[11] << 24;
        int16_t section = (int16_t)(sym[12] | sym[13] << 8);
        uint16_t type = (uint16_t)(sym[14] | sym[15] << 8);
        uint8_t sclass = sym[16], naux = sym[17];
        const struct pe_section *sec;
        const char *name;
        size_t len, start;
        uint32_t flags;

        i += naux;
        if (sclass != COFF_CLASS_EXTERNAL && sclass != COFF_CLASS_STATIC) continue;
        if (section < 1 || (uint32_t)section > img->nsections) continue;
        /* Section symbols (".text" with aux records) are not symbols. */
        if (sclass == COFF_CLASS_STATIC && naux && type != COFF_TYPE_FUNCTION) continue;
        sec = &img->sections[section - 1];
        if (sym[0] || sym[1] || sym[2] || sym[3])
        {
            name = (const char *)sym;
            for (len = 0; len < 8 && name[len]; len++) {}
        }
        else
        {
            uint32_t off = sym[4] | sym[5] << 8 | sym[6] << 16 | (uint32_t)sym[7] << 24;
            int64_t slen;

            if (off < 4 || off >= strsize) continue;
            if ((slen = view_strlen(view, strtab + off, 4096)) <= 0) continue;
            name = view_ptr(view, strtab + off, (uint64_t)slen);
            len = (size_t)slen;
        }
        if (!len || name[0] == '.') continue;
        if (value >= sec->vsize && sec->vsize) continue;
        flags = SYME_PUBLIC | SYME_COFF;
        if (type == COFF_TYPE_FUNCTION || (sec->characteristics & SCN_MEM_EXECUTE)) flags |= SYME_FUNC;
        else flags |= SYME_DATA;
        if (sclass == COFF_CLASS_STATIC) flags |= SYME_LOCAL;
        if (img->machine == PE_MACHINE_I386 && symtab_c_core(name, len, &start)) flags |= SYME_CDECOR;
        if (symtab_add_symbol(b, sec->va + value, 0, name, len, flags)) return -1;
        count++;
    }
    return count;
}

int coff_add_exports(const struct pe_image *img, const struct pe_export *exports, uint32_t count,
                     struct symtab_builder *b)
{
    uint32_t i, j;
    int added = 0;

    for (i = 0; i < count; i++)
    {
        const struct pe_export *e = &exports[i];
        uint32_t flags = SYME_PUBLIC | SYME_EXPORT;

        if (!e->name) continue;
        if (e->forward) flags |= SYME_FORWARDER;
        else
        {
            for (j = 0; j < img->nsections; j++)
            {
                const struct pe_section *s = &img->sections[j];

                if (e->rva >= s->va && e->rva - s->va < s->vsize)
                {
                    flags |= s->characteristics & SCN_MEM_EXECUTE ? SYME_FUNC : SYME_DATA;
                    break;
                }
            }
        }
        /* Names are already arena copies (pe_read_exports). */
        if (symtab_add_symbol_static(b, e->rva, 0, e->name, flags)) return -1;
        added++;
    }
    return added;
}

/* ---- the publics readers behind the seam (reader.h) --------------------- */

static int exports_read(const struct debug_source *src, struct symtab_builder *b, unsigned flags,
                        struct reader_stats *stats)
{
    struct pe_export *exports = NULL;
    uint32_t count = 0;
    int n;

    (void)flags;
    (void)stats;
    if (pe_read_exports(src->img, src->view, src->arena, &exports, &count) != PE_OK) count = 0;
    n = coff_add_exports(src->img, exports, count, b);
    return n > 0 ? 1 : n;
}

static int coff_read(const struct debug_source *src, struct symtab_builder *b, unsigned flags,
                     struct reader_stats *stats)
{
    int n = coff_read_symbols(src->img, src->view, b);

    (void)flags;
    (void)stats;
    return n > 0 ? 1 : n;
}

const struct debug_reader exports_reader = {
    "exports", READER_EXPORTS, NULL, NULL, NULL, exports_read, NULL, NULL, NULL, NULL, NULL, NULL,
};
const struct debug_reader coff_reader = {
    "COFF", READER_COFF, NULL, NULL, NULL, coff_read, NULL, NULL, NULL, NULL, NULL, NULL,
};
