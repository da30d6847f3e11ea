/*
 * dwarf_int.h: what the two halves of the libdwarf adapter share: dwarf.c
 * (units, functions, variables, lines, inlined calls) and dwtypes.c (the
 * type nodes of types.h).  Portable core, private to the reader.
 */
#ifndef DBGHELP_DWARF_INT_H
#define DBGHELP_DWARF_INT_H

#include <libdwarf.h>
#include <dwarf.h>
#include "dwarf_reader.h"
#include "types.h"

#define NO_INDEX ((uint32_t)-1)
#define MAX_DEPTH 64 /* nesting of DIEs we follow */

/* DIE offset -> arena name, for abstract origins (one lookup per origin). */
struct origin_cache
{
    Dwarf_Off *keys;      /* offset + 1; 0 is empty */
    const char **names;
    size_t count, mask;
};

struct dwt; /* the type reader's state (dwtypes.c) */

struct reader
{
    Dwarf_Debug dbg;
    struct symtab_builder *b;
    uint64_t base;          /* image base the DWARF addresses are relative to */
    uint64_t size;          /* image size: valid RVAs are below it */
    unsigned flags;         /* DWARFREAD_* */
    struct reader_stats *stats;
    unsigned ptr_size;      /* 8 for PE32+, else 4 */
    struct origin_cache origins;
    /* The current unit. */
    Dwarf_Half version;
    uint32_t *filemap;      /* line-table file number - file_base -> file index */
    Dwarf_Signed nfiles, file_base;
    /* Types: the store of the builder being filled (NULL: no types), and
     * the type reader's state, kept for the session. */
    struct typetab *tt;
    struct dwt *types;
};

void dw_drop_error(struct reader *r, Dwarf_Error *err);
int dw_rva_of(const struct reader *r, Dwarf_Addr addr, uint32_t *rva);
int dw_range_of(const struct reader *r, Dwarf_Addr lo, Dwarf_Addr hi, uint32_t *rlo, uint32_t *rhi);
/* The DIE a reference attribute points to (its offset in *off), or NULL. */
Dwarf_Die dw_ref_die(struct reader *r, Dwarf_Die die, Dwarf_Half at, Dwarf_Off *off);
/* The name of a DIE, following DW_AT_abstract_origin and
 * DW_AT_specification; an arena string or NULL. */
const char *dw_die_name(struct reader *r, Dwarf_Die die, int hops);
int dw_die_udata(struct reader *r, Dwarf_Die die, Dwarf_Half at, Dwarf_Unsigned *val);
/* Call fn for each [lo, hi) address range of a DIE (low/high pc or
 * DW_AT_ranges, DWARF 2 to 5); returns the number of ranges. */
typedef void (*range_fn)(struct reader *r, Dwarf_Addr lo, Dwarf_Addr hi, void *ctx);
int dw_die_ranges(struct reader *r, Dwarf_Die die, Dwarf_Addr cu_base, range_fn fn, void *ctx);

/* Where a variable lives, from a single-expression DW_AT_location. */
enum dw_loc_kind
{
    DW_LOC_NONE,      /* optimised out, or a list or expression not decoded */
    DW_LOC_FRAMEREL,  /* DW_OP_fbreg offset */
    DW_LOC_REGREL,    /* DW_OP_bregN offset: reg holds the CV register */
    DW_LOC_REGISTER,  /* DW_OP_regN */
    DW_LOC_STATIC,    /* DW_OP_addr: rva */
    DW_LOC_TLS,       /* a thread-local offset */
    DW_LOC_LIST,      /* a location list */
    DW_LOC_CFA        /* DW_OP_call_frame_cfa (a frame base) */
};

/* One entry of a location list (RVAs; kind a DW_LOC_* other than LIST;
 * offset the RVA of DW_LOC_STATIC). */
struct dw_loc_range
{
    uint32_t lo, hi;
    int32_t offset;
    uint16_t reg;
    uint8_t kind;
};

struct dw_loc
{
    enum dw_loc_kind kind;
    int32_t offset;
    uint16_t reg;
    uint32_t rva;
    /* DW_LOC_LIST: the entries (malloc'ed; dw_loc_free). */
    struct dw_loc_range *list;
    unsigned nlist, cap;
};

/* ---- dwtypes.c ------------------------------------------------------------ */

/* Decode a DIE's DW_AT_location, or another location attribute. */
void dw_decode_loc(struct reader *r, Dwarf_Die die, struct dw_loc *loc);
void dw_decode_attr_loc(struct reader *r, Dwarf_Die die, Dwarf_Half at, struct dw_loc *loc);
void dw_loc_free(struct dw_loc *loc);

/* The types of a unit: call dwt_unit_begin before reading its DIEs and
 * dwt_unit_end after; the first reading of a unit also adds every type it
 * defines.  No-ops when r->tt is NULL. */
void dwt_unit_begin(struct reader *r, Dwarf_Die cu, unsigned unit, unsigned nunits);
void dwt_unit_end(struct reader *r);
/* A function with code (its first range at rva): its FUNCTION node, now
 * the scope its locals go to until dwt_scope_end.  0 without types. */
uint32_t dwt_function(struct reader *r, Dwarf_Die die, const char *name, uint32_t rva,
                      uint32_t size);
/* A lexical block inside the current scope: a BLOCK node, the new scope. */
uint32_t dwt_block(struct reader *r, Dwarf_Die die, uint32_t rva, uint32_t size);
void dwt_scope_end(struct reader *r);
/* A variable or parameter: its DATA node (kind DATA_*), in the current
 * scope when there is one.  0 without types. */
uint32_t dwt_data(struct reader *r, Dwarf_Die die, const char *name, unsigned kind,
                  const struct dw_loc *loc);
/* A C++ function's qualified name ("ns::Class::name", from the scope of
 * its declaration), or name itself. */
const char *dwt_qualify(struct reader *r, Dwarf_Die die, const char *name);
/* The node of a type DIE met while walking a unit (made the first time). */
uint32_t dwt_type_die(struct reader *r, Dwarf_Die die);
/* The size of a DATA node's type (0 when unknown). */
uint32_t dwt_data_size(struct reader *r, uint32_t id);
/* Is a DATA node a constant (DW_AT_const_value)? */
int dwt_is_constant(struct reader *r, uint32_t id);
/* Free the type reader's state. */
void dwt_free(struct reader *r);

#endif /* DBGHELP_DWARF_INT_H */
