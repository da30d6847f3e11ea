/*
 * symtab.h: a module's symbol, line and inline tables (portable core).
 *
 * Readers (dwarf.c, coff.c, the export table) feed a builder; the builder
 * turns what they found into compact sorted arrays in the module's arena,
 * so one arena_free_all() at unload frees every table, and every lookup is
 * a binary search.  All addresses are RVAs (32 bits: a PE image is at most
 * 4 GiB).  Nothing here is locked: a table is immutable once built.
 */
#ifndef DBGHELP_SYMTAB_H
#define DBGHELP_SYMTAB_H

#include <stddef.h>
#include <stdint.h>
#include "core.h"

/* What a symbol is (flags of struct sym_entry). */
#define SYME_FUNC      0x0001 /* code: a function (DWARF) or a code public */
#define SYME_DATA      0x0002 /* a variable */
#define SYME_PUBLIC    0x0004 /* from the export table or COFF symbols */
#define SYME_EXPORT    0x0008 /* from the export table */
#define SYME_COFF      0x0010 /* from the COFF symbol table */
#define SYME_FORWARDER 0x0020 /* a forwarded export */
#define SYME_ADDED     0x0040 /* SymAddSymbol */
#define SYME_DELETED   0x0080 /* SymDeleteSymbol (entries are never moved) */
#define SYME_LOCAL     0x0100 /* file-static (COFF static, DWARF no external) */
#define SYME_VARIABLE  0x0400 /* a local or parameter (enumeration only):
                                 rva holds its frame offset */
#define SYME_PARAM     0x0800 /* with SYME_VARIABLE: a parameter */
#define SYME_FRAMEREL  0x1000 /* with SYME_VARIABLE: offset is valid */
#define SYME_CDECOR    0x2000 /* an i386 C-decorated public ("_f", "_f@8",
                                 "@f@8"): hashed, matched and shown (with
                                 SYMOPT_UNDNAME) by its core name f */
#define SYME_SHADOWED  0x0200 /* a public naming the same thing as a function
                                 or variable: found only with publics alone */
/* With SYME_VARIABLE, where the local is (enumeration only; `next` then
 * holds the CodeView register of SYME_REGREL and SYME_REGISTER). */
#define SYME_REGREL    0x4000 /* rva holds the offset from the register */
#define SYME_REGISTER  0x8000 /* in the register */
#define SYME_STATIC    0x10000 /* a function-local static: rva is its RVA */
#define SYME_CONST     0x20000 /* a constant: its node holds the value */

/* One symbol; the name lives in the module arena. */
struct sym_entry
{
    uint32_t rva;
    uint32_t size;      /* 0 when unknown (publics) */
    const char *name;
    uint32_t flags;     /* SYMF_* */
    uint32_t next;      /* name-hash chain: index + 1 in the same table, 0 ends */
    uint32_t tid;       /* its node in the module's type store (types.h), or 0 */
};

/* One line-table row: [rva, next row's rva) maps to file:line. */
struct line_row
{
    uint32_t rva;
    uint32_t line;
    uint32_t file;      /* index into files[]; LINE_END_SEQ marks the end */
};
#define LINE_END_SEQ 0x80000000u
#define LINE_FILE(row) ((row)->file & ~LINE_END_SEQ)

/* An inlined call (DW_TAG_inlined_subroutine), in DWARF pre-order: the
 * sites nested in site i are i+1 .. end-1. */
struct inline_site
{
    const char *name;   /* the inlined callee */
    uint32_t call_file; /* where it was called from: index into files[] */
    uint32_t call_line;
    uint32_t end;       /* index past this site's subtree */
    uint32_t depth;     /* 1 for a call written in the outermost function */
    uint32_t range_first, range_count; /* into ranges[] */
};

/* A code range of an inline site. */
struct addr_range
{
    uint32_t lo, hi;    /* [lo, hi) */
    uint32_t site;
};

/* A parameter or local variable of a function (DWARF). */
struct local_sym
{
    const char *name;
    int32_t offset;     /* frame offset (DW_OP_fbreg) when LOCALF_FRAMEREL,
                           register offset with LOCALF_REGREL, RVA with
                           LOCALF_STATIC */
    uint32_t flags;     /* LOCALF_* */
    uint32_t tid;       /* its DATA node in the type store, or 0 */
    uint16_t reg;       /* CV register of LOCALF_REGREL / LOCALF_REGISTER */
};
#define LOCALF_PARAM    0x1
#define LOCALF_FRAMEREL 0x2
#define LOCALF_REGREL   0x4  /* at offset from register reg */
#define LOCALF_REGISTER 0x8  /* in register reg */
#define LOCALF_STATIC   0x10 /* a function-local static: offset is its RVA */
#define LOCALF_CONST    0x20 /* a constant: its node holds the value */
#define LOCALF_LIST     0x40 /* its place changes: its node's location list */

/* The locals of the function whose (first) range starts at rva. */
struct func_locals
{
    uint32_t rva;
    uint32_t first, count; /* into locals[] */
};

/* i386 frame data (a PDB's): from rva on, up to rva + size, the frame is
 * unwound by program (unwind.h's unwind_x86_frame_step). */
struct frame_row
{
    uint32_t rva, size;
    uint32_t locals, params, saved_regs;
    const char *program;      /* arena; NULL: an FPO_DATA record */
    int use_bp;
};

/* A module's tables; everything is in the arena given to the builder. */
struct symtab
{
    struct sym_entry *syms;   /* functions and variables, sorted by rva */
    uint32_t nsyms;
    struct sym_entry *pubs;   /* publics (exports, COFF), sorted by rva */
    uint32_t npubs;
    uint32_t nshadowed;       /* publics flagged SYME_SHADOWED */
    uint32_t *hash;           /* nhash buckets: index + 1 into syms (bit 31
                                 clear) or pubs (bit 31 set); 0 is empty */
    uint32_t nhash;
    struct line_row *lines;   /* sorted by rva; at one rva the last row of
                                 the table applies */
    uint32_t nlines;
    const char **files;       /* source file paths */
    uint32_t nfiles;
    struct inline_site *sites;
    uint32_t nsites;
    struct addr_range *ranges;/* every site range, grouped by site */
    uint32_t nranges;
    struct addr_range *top;   /* depth-1 site ranges, sorted by lo */
    uint32_t ntop;
    struct local_sym *locals; /* grouped by function */
    uint32_t nlocals;
    struct func_locals *func_locals; /* sorted by rva */
    uint32_t nfunc_locals;
    struct frame_row *frames; /* sorted by rva (then size, larger first) */
    uint32_t nframes;
    const uint16_t **wfiles;  /* files[] in UTF-16, filled by the Win32 layer */
    int has_lines;            /* at least one line row */
};

/* Case-insensitive name hash used by the tables (ASCII folding). */
uint32_t symtab_hash(const char *name, size_t len);

/* ---- building ---------------------------------------------------------- */

struct symtab_builder;

/* A builder allocating final tables in `arena`; NULL when out of memory.
 * Scratch memory is malloc'ed and freed by symtab_builder_finish/free. */
struct symtab_builder *symtab_builder_new(struct arena *arena);
void symtab_builder_free(struct symtab_builder *b);
/* Add a function or variable (SYME_FUNC / SYME_DATA) or a public
 * (SYME_PUBLIC...); the name is copied.  Returns 0, or -1 when out of
 * memory. */
int symtab_add_symbol(struct symtab_builder *b, uint32_t rva, uint32_t size,
                      const char *name, size_t len, uint32_t flags);
/* Add a name already owned by the arena (not copied). */
int symtab_add_symbol_static(struct symtab_builder *b, uint32_t rva, uint32_t size,
                             const char *name, uint32_t flags);
/* The same, for a symbol with a node in the type store. */
int symtab_add_symbol_typed(struct symtab_builder *b, uint32_t rva, uint32_t size,
                            const char *name, uint32_t flags, uint32_t tid);
/* The number of functions and variables added so far, and setting the
 * node of those added since `from` (a function's ranges). */
uint32_t symtab_sym_count(const struct symtab_builder *b);
void symtab_set_tids(struct symtab_builder *b, uint32_t from, uint32_t tid);
/* The type store the readers add nodes to (types.h), or NULL: then they
 * read no types. */
struct typetab;
void symtab_builder_set_types(struct symtab_builder *b, struct typetab *types);
struct typetab *symtab_builder_types(const struct symtab_builder *b);
/* The index of a source file path (deduplicated; the path is copied), or
 * (uint32_t)-1 when out of memory. */
uint32_t symtab_add_file(struct symtab_builder *b, const char *path);
int symtab_add_line(struct symtab_builder *b, uint32_t rva, uint32_t line, uint32_t file,
                    int end_sequence);
/* Open an inline site under `parent` (the index returned for the enclosing
 * site, or (uint32_t)-1 at depth 1); name is arena-owned.  Close it with
 * symtab_close_site once its nested sites are added.  Returns its index or
 * (uint32_t)-1. */
uint32_t symtab_open_site(struct symtab_builder *b, uint32_t depth, const char *name,
                          uint32_t call_file, uint32_t call_line);
int symtab_add_site_range(struct symtab_builder *b, uint32_t site, uint32_t lo, uint32_t hi);
void symtab_close_site(struct symtab_builder *b, uint32_t site);
/* Add a local of the function being read; its index, or -1. */
int64_t symtab_add_local(struct symtab_builder *b, const char *name, int32_t offset, uint32_t flags,
                         uint16_t reg, uint32_t tid);
/* The number of locals added so far (to delimit a function's). */
uint32_t symtab_local_count(const struct symtab_builder *b);
/* Add an i386 frame data row (program copied unless NULL); 0 or -1. */
int symtab_add_frame(struct symtab_builder *b, const struct frame_row *row);
/* Attach locals [first, first + count) to the function starting at rva. */
int symtab_set_func_locals(struct symtab_builder *b, uint32_t rva, uint32_t first, uint32_t count);
/* A copy of a string in the arena, shared by equal names. */
const char *symtab_intern(struct symtab_builder *b, const char *name, size_t len);
/* Sort, deduplicate and copy into the arena.  Frees the builder.  Returns
 * 0, or -1 when out of memory (the arena keeps what was allocated). */
int symtab_builder_finish(struct symtab_builder *b, struct symtab *out);

/* ---- public symbols (coff.c) ------------------------------------------- */

/* Add the COFF symbol table's functions and variables as publics; returns
 * how many, or -1 when out of memory.  Memory images have no symbol table. */
int coff_read_symbols(const struct pe_image *img, const struct byte_view *view,
                      struct symtab_builder *b);
/* Add named exports (an array from pe_read_exports) as publics. */
int coff_add_exports(const struct pe_image *img, const struct pe_export *exports, uint32_t count,
                     struct symtab_builder *b);

/* ---- lookups (O(log n)) ------------------------------------------------- */

/* The function or variable containing rva, or NULL. */
const struct sym_entry *symtab_find_sym(const struct symtab *tab, uint32_t rva);
/* The public with the greatest rva <= the given one, or NULL; shadowed
 * publics (SYME_SHADOWED) count only when asked for. */
const struct sym_entry *symtab_find_public(const struct symtab *tab, uint32_t rva, int shadowed);
/* The row applying at rva (the last row at the greatest rva <= it), or NULL
 * when rva is outside every sequence. */
const struct line_row *symtab_find_line(const struct symtab *tab, uint32_t rva);
/* The depth-1 inline site containing rva, or NULL. */
const struct addr_range *symtab_find_top_site(const struct symtab *tab, uint32_t rva);
/* The inline sites containing rva, outermost first, into out[max]; returns
 * how many contain it (may exceed max). */
uint32_t symtab_inline_chain(const struct symtab *tab, uint32_t rva, uint32_t *out,
                             uint32_t max);
/* Does site contain rva? */
int symtab_site_contains(const struct symtab *tab, uint32_t site, uint32_t rva);
/* The lowest address of a site. */
uint32_t symtab_site_low(const struct symtab *tab, uint32_t site);
/* The frame data row for rva: the one starting last at or before it that
 * covers it, or NULL. */
const struct frame_row *symtab_find_frame(const struct symtab *tab, uint32_t rva);
/* The locals of the function starting at rva: *first and the count. */
uint32_t symtab_find_locals(const struct symtab *tab, uint32_t rva, uint32_t *first);
/* The core of an i386 C-decorated name: "_f" (cdecl), "_f@8" (stdcall)
 * and "@f@8" (fastcall) stand for f.  Returns the core's length with
 * *start its offset in name, or 0 when name carries no such decoration.
 * Itanium names ("__Z...") are not C-decorated. */
size_t symtab_c_core(const char *name, size_t len, size_t *start);
/* Which tables symtab_find_name searches. */
#define SYMTAB_SYMS 1
#define SYMTAB_PUBS 2
/* First symbol named `name` (exact length len), functions and variables
 * before publics; NULL when none.  A SYME_CDECOR public answers to its raw
 * name and to its core. */
const struct sym_entry *symtab_find_name(const struct symtab *tab, const char *name,
                                         size_t len, int case_insensitive, unsigned tables);

#endif /* DBGHELP_SYMTAB_H */
