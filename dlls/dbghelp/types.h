/*
 * types.h: a module's type information and the symbols that carry it
 * (portable core).
 *
 * One node per thing SymGetTypeInfo can be asked about: base types,
 * pointers, arrays, UDTs and their members, enums and their enumerators,
 * typedefs, function types and their arguments, and the functions,
 * variables, parameters and blocks that have types.  A node's id (its
 * TypeIndex or Index) is its position + 1 in the module's store, stable for
 * the module's lifetime: the store only grows, in chunks that never move,
 * so a lookup by id is two array reads with no lock.
 *
 * The format readers (dwarf.c; the PDB reader later) add nodes while they
 * read a unit, under the module's lock, and publish them with
 * typetab_publish once the unit's nodes are complete; a reader of the
 * store sees only published nodes.  Everything lives in the module arena.
 *
 * The model is Microsoft's (DIA's SymTag, BasicType, DataKind, UdtKind):
 * const and volatile are not nodes (a `const int` is the int), a
 * multi-dimensional array is an array of arrays, a bitfield member's
 * length is its width in bits.
 */
#ifndef DBGHELP_TYPES_H
#define DBGHELP_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include "core.h"

/* SymTagEnum (Microsoft's cvconst.h, DIA SDK documentation). */
enum
{
    TAG_NULL = 0, TAG_EXE = 1, TAG_COMPILAND = 2, TAG_COMPILAND_DETAILS = 3,
    TAG_COMPILAND_ENV = 4, TAG_FUNCTION = 5, TAG_BLOCK = 6, TAG_DATA = 7,
    TAG_ANNOTATION = 8, TAG_LABEL = 9, TAG_PUBLIC_SYMBOL = 10, TAG_UDT = 11,
    TAG_ENUM = 12, TAG_FUNCTION_TYPE = 13, TAG_POINTER_TYPE = 14, TAG_ARRAY_TYPE = 15,
    TAG_BASE_TYPE = 16, TAG_TYPEDEF = 17, TAG_BASE_CLASS = 18, TAG_FRIEND = 19,
    TAG_FUNCTION_ARG_TYPE = 20, TAG_FUNC_DEBUG_START = 21, TAG_FUNC_DEBUG_END = 22,
    TAG_USING_NAMESPACE = 23, TAG_VTABLE_SHAPE = 24, TAG_VTABLE = 25, TAG_CUSTOM = 26,
    TAG_THUNK = 27, TAG_CUSTOM_TYPE = 28, TAG_MANAGED_TYPE = 29, TAG_DIMENSION = 30,
    TAG_CALL_SITE = 31, TAG_INLINE_SITE = 32, TAG_BASE_INTERFACE = 33,
    TAG_VECTOR_TYPE = 34, TAG_MATRIX_TYPE = 35, TAG_HLSL_TYPE = 36, TAG_CALLER = 37,
    TAG_CALLEE = 38, TAG_EXPORT = 39, TAG_HEAP_ALLOCATION_SITE = 40,
    TAG_COFF_GROUP = 41, TAG_INLINEE = 42, TAG_MAX
};

/* BasicType (cvconst.h). */
enum
{
    BT_NOTYPE = 0, BT_VOID = 1, BT_CHAR = 2, BT_WCHAR = 3, BT_INT = 6, BT_UINT = 7,
    BT_FLOAT = 8, BT_BCD = 9, BT_BOOL = 10, BT_LONG = 13, BT_ULONG = 14,
    BT_CURRENCY = 25, BT_DATE = 26, BT_VARIANT = 27, BT_COMPLEX = 28, BT_BIT = 29,
    BT_BSTR = 30, BT_HRESULT = 31, BT_CHAR16 = 32, BT_CHAR32 = 33, BT_CHAR8 = 34
};

/* DataKind (cvconst.h). */
enum
{
    DATA_UNKNOWN = 0, DATA_LOCAL = 1, DATA_STATIC_LOCAL = 2, DATA_PARAM = 3,
    DATA_OBJECT_PTR = 4, DATA_FILE_STATIC = 5, DATA_GLOBAL = 6, DATA_MEMBER = 7,
    DATA_STATIC_MEMBER = 8, DATA_CONSTANT = 9
};

/* UdtKind (cvconst.h). */
enum { UDT_STRUCT = 0, UDT_CLASS = 1, UDT_UNION = 2, UDT_INTERFACE = 3 };

/* CV_call_e (cvconst.h), the values DWARF can say. */
enum { CALL_NEAR_C = 0x00, CALL_NEAR_FAST = 0x04, CALL_NEAR_STD = 0x07, CALL_THISCALL = 0x0b };

/* The frame base of a FUNCTION node (kind), which frame-relative data
 * (TNF_FRAMEREL) is at an offset from. */
enum { FB_NONE = 0, FB_CFA = 1, FB_REGREL = 2, FB_REGISTER = 3, FB_LIST = 4 };

/* Node flags. */
#define TNF_REFERENCE   0x0001 /* pointer: a C++ reference (&) */
#define TNF_RVALUE      0x0002 /* pointer: an rvalue reference (&&) */
#define TNF_VIRTUAL     0x0004 /* base class: virtual; function: virtual */
#define TNF_BITFIELD    0x0008 /* data member: a bitfield (bitpos, length in bits) */
#define TNF_FORWARD     0x0010 /* UDT or enum: a declaration only */
#define TNF_NESTED      0x0020 /* UDT, enum, typedef: declared inside a UDT */
#define TNF_ADDRESS     0x0040 /* value holds an RVA (function, block, static data) */
#define TNF_CONSTANT    0x0080 /* value holds a constant's value */
#define TNF_OFFSET      0x0100 /* value holds an offset (member, base class, vtable) */
#define TNF_REGREL      0x0200 /* data: at value bytes from register reg */
#define TNF_REGISTER    0x0400 /* data: in register reg */
#define TNF_FRAMEREL    0x0800 /* data: at value bytes from the frame base */
#define TNF_TLSREL      0x1000 /* data: at value bytes in the thread's TLS block */
#define TNF_INDIRECT    0x2000 /* base class: virtual, inherited indirectly */
#define TNF_UNSIGNED    0x4000 /* constant: value is unsigned */
#define TNF_LOCLIST     0x8000 /* data: its place depends on the address */
#define TNF_SCOPED      0x10000 /* enum: enum class */
#define TNF_VARARGS     0x20000 /* function type: ends with "..." */
#define TNF_ARTIFICIAL  0x40000 /* compiler-made (this, vtable pointer) */

#define TYPE_NONE 0u

/* Where a variable (or a frame base) is over part of its function, for
 * places that change with the address (DWARF location lists). */
enum type_loc_kind
{
    TLOC_NONE,      /* not available there */
    TLOC_FRAMEREL,  /* offset from the frame base */
    TLOC_REGREL,    /* offset from register reg */
    TLOC_REGISTER,  /* in register reg */
    TLOC_STATIC,    /* at RVA offset */
    TLOC_TLS,       /* at offset in the thread's TLS block */
    TLOC_LIST,      /* (not in a range) */
    TLOC_CFA        /* a frame base: the CFA */
};

struct type_loc
{
    uint32_t lo, hi;        /* RVAs [lo, hi) */
    int32_t offset;
    uint16_t reg;           /* CodeView register */
    uint8_t kind;           /* TLOC_* */
};

/* The entry of a location list covering rva, or NULL. */
const struct type_loc *typetab_loc_at(const struct type_loc *locs, uint32_t nlocs, uint32_t rva);

/* One node.  What each field means depends on tag:
 *   BASE_TYPE     kind BasicType, length
 *   POINTER_TYPE  type the pointee, length; TNF_REFERENCE, TNF_RVALUE;
 *                 aux the class of a pointer to member
 *   ARRAY_TYPE    type the element, aux the index type, count, length
 *   UDT           kind UdtKind, length, kids (members, base classes,
 *                 methods, nested types, vtable); aux the vtable shape
 *   ENUM          type the underlying base type, length, kids (enumerators)
 *   TYPEDEF       type the named type
 *   FUNCTION_TYPE type the return type, kids (FUNCTION_ARG_TYPE), count,
 *                 kind CV_call_e, parent the class of a method,
 *                 aux the type of `this` (a pointer), value this adjust
 *   FUNCTION_ARG_TYPE type the argument's type
 *   BASE_CLASS    type the base UDT, value its offset, parent the derived
 *                 UDT; virtual bases: aux the vbase pointer offset, count
 *                 the displacement index
 *   VTABLE        type a pointer to the VTABLE_SHAPE, value its offset
 *   VTABLE_SHAPE  count the virtual functions
 *   FUNCTION      type its FUNCTION_TYPE, value RVA, length code size,
 *                 kids (parameters, locals, blocks), parent the class of a
 *                 method, lexical the compiland; kind its frame base (FB_*):
 *                 the CFA, or register reg (plus aux, an int32_t offset),
 *                 or a list (locs)
 *   BLOCK         value RVA, length, kids, lexical the function or block
 *   DATA          kind DataKind, type; member: value offset (bits with
 *                 TNF_BITFIELD: bitpos, length width); enumerator and
 *                 constant: value; static: value RVA; local: reg, value;
 *                 parent the UDT of a member; lexical the function, block
 *                 or compiland; TNF_LOCLIST: its places in locs
 *   COMPILAND     name the unit's source file
 */
struct type_node
{
    const char *name;       /* arena, or NULL when unnamed */
    uint64_t length;
    int64_t value;
    const uint32_t *kids;   /* arena */
    const struct type_loc *locs; /* TNF_LOCLIST data, FB_LIST functions: arena */
    uint32_t nkids;
    uint32_t nlocs;
    uint32_t type;
    uint32_t aux;
    uint32_t parent;        /* class parent */
    uint32_t lexical;       /* lexical parent (0: the module itself) */
    uint32_t count;
    uint32_t flags;         /* TNF_* */
    uint16_t tag;           /* TAG_* */
    uint16_t kind;          /* BT_*, UDT_*, DATA_*, CALL_* */
    uint16_t reg;           /* data: the CV register of TNF_REGREL/REGISTER */
    uint16_t bitpos;        /* data member: first bit, with TNF_BITFIELD */
};

/* The store: chunks of TYPETAB_CHUNK nodes, found through blocks of
 * TYPETAB_BLOCK chunk pointers, TYPETAB_BLOCKS of them: 16.7 million ids,
 * allocated as they are used (a last chunk holds at most 255 unused
 * nodes). */
#define TYPETAB_CHUNK 256u
#define TYPETAB_BLOCK 512u
#define TYPETAB_BLOCKS 128u
#define TYPETAB_MAX (TYPETAB_CHUNK * TYPETAB_BLOCK * TYPETAB_BLOCKS)

struct typetab
{
    struct arena *arena;
    struct type_node **blocks[TYPETAB_BLOCKS];
    uint32_t count;               /* nodes added */
    volatile uint32_t published;  /* nodes visible to lookups */
    uint32_t exe;                 /* the module's SymTagExe node, or 0 */
    /* The name index (typetab_index), built once every unit is read. */
    uint32_t *volatile buckets;   /* nbuckets heads: id, 0 ends */
    uint32_t *chain;              /* per indexed node: the next id */
    uint32_t *indexed;            /* the ids in the index, in id order */
    uint32_t nindexed, nbuckets;
};

void typetab_init(struct typetab *tt, struct arena *arena);
/* A new zeroed node with the given tag; its id in *id.  NULL when out of
 * memory or when the store is full. */
struct type_node *typetab_add(struct typetab *tt, uint16_t tag, uint32_t *id);
/* A node being built (not yet published) or published; NULL for 0 or an
 * id past the store. */
struct type_node *typetab_node_rw(struct typetab *tt, uint32_t id);
/* Make every node added so far visible to typetab_get. */
void typetab_publish(struct typetab *tt);
/* A published node, or NULL. */
const struct type_node *typetab_get(const struct typetab *tt, uint32_t id);
/* Set a node's children (copied into the arena); 0 or -1. */
int typetab_set_kids(struct typetab *tt, uint32_t id, const uint32_t *kids, uint32_t count);

/* The size in bytes of a value of type id (typedefs followed; an enum
 * without a size has its underlying type's), or 0 when unknown. */
uint64_t typetab_type_size(const struct typetab *tt, uint32_t id);
/* Is this tag a type (what SymEnumTypes lists)? */
int typetab_is_type_tag(uint16_t tag);
/* The node a typedef chain ends at (bounded), or id itself. */
uint32_t typetab_untypedef(const struct typetab *tt, uint32_t id);

/* The name index: the named types of the store, hashed by name (ASCII
 * case folding).  Build it once the store is complete; the caller
 * serialises building.  0, or -1 when out of memory (lookups then scan). */
int typetab_index(struct typetab *tt);
/* The first named type called name (case-insensitively when asked), or 0. */
uint32_t typetab_find_name(const struct typetab *tt, const char *name, size_t len,
                           int case_insensitive);
/* Bytes of arena used by the nodes, for statistics. */
size_t typetab_bytes(const struct typetab *tt);

/* A small growable list of ids, for readers collecting a node's children. */
struct id_list
{
    uint32_t *ids;
    uint32_t count, cap;
    uint32_t inline_ids[16];
};
void id_list_init(struct id_list *l);
int id_list_push(struct id_list *l, uint32_t id);
void id_list_free(struct id_list *l);

#endif /* DBGHELP_TYPES_H */
