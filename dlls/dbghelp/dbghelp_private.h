/*
 * dbghelp_private.h: the internal model of the Win32 layer.
 *
 * One process list is shared by every exported function.  A process owns a
 * module index (core.h) whose owners are struct module records; each module
 * owns one arena holding everything it loaded.
 *
 * Locking: one SRW lock guards the process list and every module index.
 * Queries take it shared, load/unload/cleanup take it exclusive.  No lock is
 * held while a caller's callback runs: enumerations work on a snapshot of
 * referenced modules, so a callback may unload modules (or clean up the
 * process) without freeing memory the enumeration still reads.
 */
#ifndef DBGHELP_PRIVATE_H
#define DBGHELP_PRIVATE_H

#include <windows.h>
#include <dbghelp.h>
#include "core.h"
#include "reader.h"
#include "types.h"
#include "dbghelp_ext.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* mingw's dbghelp.h maps the 32-bit names onto the 64-bit functions on
 * Win64; the DLL exports both, so undo the mapping here. */
#undef SymLoadModule
#undef SymUnloadModule
#undef SymGetModuleInfo
#undef SymGetModuleInfoW
#undef SymGetModuleBase
#undef SymEnumerateModules
#undef EnumerateLoadedModules
#undef SymRegisterCallback
#undef SymGetSymFromAddr
#undef SymGetSymFromName
#undef SymGetLineFromAddr
#undef SymGetLineFromName
#undef SymGetLineNext
#undef SymGetLinePrev
#undef SymEnumerateSymbols
#undef SymEnumerateSymbolsW
#undef SymGetSymNext
#undef SymGetSymPrev
#undef SymUnDName
#undef SymRegisterFunctionEntryCallback

/* Exported functions that the SDK header hides on Win64. */
DWORD WINAPI SymLoadModule(HANDLE, HANDLE, PCSTR, PCSTR, DWORD, DWORD);
BOOL WINAPI SymUnloadModule(HANDLE, DWORD);
BOOL WINAPI SymGetModuleInfo(HANDLE, DWORD, DBG_IMAGEHLP_MODULE32 *);
BOOL WINAPI SymGetModuleInfoW(HANDLE, DWORD, DBG_IMAGEHLP_MODULEW32 *);
DWORD WINAPI SymGetModuleBase(HANDLE, DWORD);
BOOL WINAPI SymEnumerateModules(HANDLE, DBG_ENUMMODULES_CALLBACK32, PVOID);
BOOL WINAPI EnumerateLoadedModules(HANDLE, DBG_ENUMLOADED_CALLBACK32, PVOID);
BOOL WINAPI SymRegisterCallback(HANDLE, DBG_REGISTERED_CALLBACK32, PVOID);
BOOL WINAPI EnumerateLoadedModulesEx(HANDLE, PENUMLOADED_MODULES_CALLBACK64, PVOID);
BOOL WINAPI SymGetSymFromAddr(HANDLE, DWORD, PDWORD, DBG_IMAGEHLP_SYMBOL32 *);
BOOL WINAPI SymGetSymFromName(HANDLE, PCSTR, DBG_IMAGEHLP_SYMBOL32 *);
BOOL WINAPI SymGetLineFromAddr(HANDLE, DWORD, PDWORD, DBG_IMAGEHLP_LINE32 *);
BOOL WINAPI SymGetLineFromName(HANDLE, PCSTR, PCSTR, DWORD, PLONG, DBG_IMAGEHLP_LINE32 *);
BOOL WINAPI SymGetLineNext(HANDLE, DBG_IMAGEHLP_LINE32 *);
BOOL WINAPI SymGetSymNext(HANDLE, DBG_IMAGEHLP_SYMBOL32 *);
BOOL WINAPI SymGetSymPrev(HANDLE, DBG_IMAGEHLP_SYMBOL32 *);
BOOL WINAPI SymUnDName(DBG_IMAGEHLP_SYMBOL32 *, PSTR, DWORD);
BOOL WINAPI SymGetLinePrev(HANDLE, DBG_IMAGEHLP_LINE32 *);
BOOL WINAPI SymEnumerateSymbols(HANDLE, ULONG, DBG_ENUMSYMBOLS_CALLBACK32, PVOID);
BOOL WINAPI SymEnumerateSymbolsW(HANDLE, ULONG, DBG_ENUMSYMBOLS_CALLBACKW32, PVOID);
BOOL WINAPI EnumerateLoadedModulesExW(HANDLE, PENUMLOADED_MODULES_CALLBACKW64, PVOID);

/* How a module got its symbols; one of these per module. */
enum module_kind
{
    MODULE_IMAGE,   /* a PE file on disk (by path or by the caller's hFile) */
    MODULE_VIRTUAL, /* SLMFLAG_VIRTUAL: a range with a name, no file */
};

/* The state of a module's symbol tables. */
enum module_syms
{
    SYMS_DEFERRED, /* not read yet (SYMOPT_DEFERRED_LOADS) */
    SYMS_LOADED,   /* tables built (possibly empty) */
    SYMS_FAILED,   /* reading failed; reported as SymNone */
};

/* A module of a process. */
/* What the module-debug layer (moddebug.c) keeps of a module's readers,
 * guarded by the module's syms_lock.  A reader whose information is large
 * keeps a session open until every unit is read. */
struct debug_part
{
    const struct debug_reader *reader; /* the reader of the session */
    void *session;                     /* open while units are unread */
    unsigned first, count;             /* its units in the module's numbering */
};

struct module_debug
{
    /* A PDB's session, and one over the image's own DWARF when both
     * describe it; units are numbered across them. */
    struct debug_part parts[2];
    unsigned nparts;
    struct unit_range *ranges;         /* the units' ranges, sorted by lo; arena */
    unsigned nranges;
    struct symtab *volatile *unit_tabs; /* per unit, NULL until read; arena */
    unsigned nunits;
    BOOL from_file;                    /* read from a separate debug file */
    const WCHAR *file;                 /* its full path (arena), or NULL */
    BOOL unmatched;                    /* a PDB of another identity
                                          (SYMOPT_LOAD_ANYTHING) */
};

struct module
{
    LONG refs;                /* one for the index, one per snapshot */
    LONG64 seq;               /* load order: enumerations report in it */
    BOOL unloaded;            /* removed from its index; dies at refs == 0 */
    struct arena arena;       /* everything below that is a pointer lives here */
    enum module_kind kind;
    DWORD64 base;             /* BaseOfImage */
    DWORD64 size;             /* ImageSize */
    DWORD timestamp;          /* TimeDateStamp of the PE header, else 0 */
    DWORD checksum;           /* CheckSum of the optional header, else 0 */
    WORD machine;             /* IMAGE_FILE_MACHINE_*, 0 when unknown */
    DWORD flags;              /* SLMFLAG_* given at load */
    WCHAR module_name[32];    /* ModuleName: the image's base name */
    /* The three names below share one malloc'ed block (names), freed with
     * the module; each is truncated to the size the API reports. */
    WCHAR *names;             /* owned */
    const WCHAR *alias;       /* the caller's ModuleName, for "alias!name" */
    const WCHAR *image_name;  /* ImageName: the name the caller gave */
    const WCHAR *file_path;   /* the file we read; reported as LoadedImageName
                                 once the symbols are loaded */
    SRWLOCK syms_lock;        /* guards the symbol state below */
    enum module_syms syms;
    SYM_TYPE sym_type;        /* reported once loaded */
    const struct pe_codeview *cv; /* the image's CodeView record (arena), or
                                     NULL; reported once loaded */
    DWORD num_syms;           /* NumSyms */
    /* The tables (symtab.h), in the arena, immutable once published.  tab
     * holds everything once `full` is set; before, only the publics, and
     * the functions, lines and inline sites of an address come from the
     * table of its DWARF unit, read on first use (module_tab_at).  Read
     * them with module_tab_at / module_tab_all, never directly. */
    struct symtab *volatile tab;
    volatile LONG full;
    struct module_debug debug; /* the readers' state (moddebug.c) */
    /* The type store (types.h): grows as units are read, under syms_lock;
     * published nodes are read without a lock (typeinfo.c). */
    struct typetab types;
    BOOL in_memory;           /* read from the target's memory: no file */
    /* SymAddSymbol: symbols added by the caller, sorted by rva; malloc'ed,
     * names in the arena; guarded by syms_lock (exclusive to add). */
    struct sym_entry *added;
    DWORD nadded, added_cap;
    /* stack.c: the image's function table (.pdata), read on first use under
     * syms_lock into the arena; valid until the module dies. */
    BOOL pdata_read;          /* TRUE once a read was attempted */
    void *pdata;              /* x64: RUNTIME_FUNCTION entries sorted by
                                 BeginAddress; i386: a struct stack_cfi
                                 (stack.c) with npdata 0 */
    DWORD npdata;
};

/* The caller's registered callback, in the form it was registered. */
enum callback_kind
{
    CALLBACK_NONE,
    CALLBACK_32,  /* SymRegisterCallback: ANSI payloads, PVOID context */
    CALLBACK_64,  /* SymRegisterCallback64: ANSI payloads */
    CALLBACK_W64, /* SymRegisterCallbackW64: Unicode payloads */
};

/* A process of the list: the handle passed to SymInitialize. */
struct process
{
    LONG refs;                /* one for the list, one per API call in flight */
    BOOL cleaned;             /* SymCleanup done; dies at refs == 0 */
    HANDLE handle;            /* the caller's handle (a key, maybe not a process) */
    WCHAR *search_path;       /* malloc'ed; replaced by SymSetSearchPath */
    struct modindex index;    /* base -> struct module */
    enum callback_kind cb_kind;
    void *cb_func;            /* PSYMBOL_REGISTERED_CALLBACK64 and friends */
    ULONG64 cb_context;
    DWORD64 scope_addr;       /* SymSetContext / SymSetScopeFromAddr */
    DWORD table_entry[3];     /* SymFunctionTableAccess64's storage: a copy of
                                 the last RUNTIME_FUNCTION returned, overwritten
                                 by the next call on the process */
    /* SymRegisterFunctionEntryCallback(64): asked for the function entry of
     * an address no module's table has (generated code). */
    BOOL funcentry_is64;
    void *funcentry_cb;
    ULONG64 funcentry_ctx;
};

/* Inline frame contexts (StackWalkEx, SymFromInlineContext, ...), encoded
 * as Wine's dbghelp does so that winedbg understands ours: the top two bits
 * are the mode, the rest the depth of an inline site, 0 being the innermost
 * inlined call at an address. */
#define IFC_MODE_INIT    0x00000000
#define IFC_MODE_INLINE  0x40000000
#define IFC_MODE_REGULAR 0x80000000
#define IFC_MODE_IGNORE  0xC0000000
#define IFC_DEPTH_MASK   0x3FFFFFFF
#define IFC_MODE(x)      ((x) & ~IFC_DEPTH_MASK)
#define IFC_DEPTH(x)     ((x) & IFC_DEPTH_MASK)

/* The one lock (see the top of this file) and global options. */
extern SRWLOCK dbghelp_lock;
extern DWORD dbghelp_options;

/* process.c */
/* Raise an action to every process that has a callback (SymSetOptions). */
void process_callback_all(ULONG action, void *data);
/* Send a CBA_DEBUG_INFO line when SYMOPT_DEBUG is set. */
void process_debug_info(struct process *pcs, const WCHAR *fmt, ...);
/* Find a live process and take a reference; NULL when unknown. */
struct process *process_get(HANDLE handle);
/* process_get for an entry point: the first step of most exported
 * functions, which fail with ERROR_INVALID_HANDLE for an unknown handle;
 * it sets that error itself, so the block is written once. */
struct process *process_enter(HANDLE handle);
void process_release(struct process *pcs);
/* Is this handle initialised (SymInitialize)?  For choosing between
 * ERROR_INVALID_HANDLE and ERROR_INVALID_PARAMETER. */
BOOL process_is_known(HANDLE handle);
/* Raise a CBA_* action to the registered callback; FALSE when none. */
BOOL process_callback(struct process *pcs, ULONG action, void *data);
/* module.c */
void module_release(struct module *mod);
/* Under the lock: the module containing addr, or NULL. */
struct module *module_find(struct process *pcs, DWORD64 addr);
/* Remove and release every module of a process (SymCleanup). */
void module_remove_all(struct process *pcs);
/* Take a referenced snapshot of a process's modules in base order.  Returns
 * a malloc'ed array (free with module_snapshot_free) or NULL with *count 0. */
struct module **module_snapshot(struct process *pcs, size_t *count);
void module_snapshot_free(struct module **mods, size_t count);
/* Load a module: the common path of every SymLoadModule* form.  Sets the
 * last error on failure. */
DWORD64 module_load(struct process *pcs, HANDLE file, const WCHAR *image, const WCHAR *name,
                    DWORD64 base, DWORD size, DWORD flags);
/* Load a deferred module's symbols now (raising the CBA_DEFERRED_SYMBOL_*
 * actions); returns with the module's tables immutable from then on.  Call
 * without dbghelp_lock held, holding a reference on the module. */
void module_ensure_symbols(struct process *pcs, struct module *mod);
/* moddebug.c */
/* Build a module's tables from its image: the publics readers, then the
 * first debug-information reader with something to read, from the image or
 * the debug file it names (pcs, optional, gives the search path); *report
 * says what was read, for the caller's trace.  Called before the module is
 * published or under its syms_lock. */
struct symbols_report
{
    const char *reader;       /* the debug-information reader, NULL if none */
    struct reader_stats stats;
    unsigned units;
    BOOL from_file;           /* from a separate debug file */
    BOOL lazy;                /* units read on demand */
};
void module_read_symbols(struct process *pcs, struct module *mod, const struct pe_image *img,
                         const struct byte_view *view, struct symbols_report *report);

/* The tables to search for an address (an RVA) of the module: its DWARF
 * unit's, read now if needed, or the whole table.  Never NULL once the
 * module's symbols are loaded.  Call without dbghelp_lock held. */
const struct symtab *module_tab_at(struct module *mod, DWORD rva);
/* The complete tables (every unit read).  Call without dbghelp_lock. */
const struct symtab *module_tab_all(struct module *mod);
/* The publics (present in every table state). */
const struct symtab *module_tab_publics(struct module *mod);
/* Close what the readers keep open (the module is dying). */
void module_debug_close(struct module *mod);

/* module.c (continued) */

/* Map the module's image file for the duration of one call of fn (the
 * module keeps no handle open).  Returns FALSE when the file cannot be opened
 * or parsed, else fn's result.  Call without dbghelp_lock held. */
typedef BOOL (*module_image_fn)(struct module *mod, const struct pe_image *img,
                                const struct byte_view *view, void *ctx);
BOOL module_with_image(struct module *mod, module_image_fn fn, void *ctx);
/* Does "name" (a module name or alias) name this module?  Case-insensitive. */
BOOL module_matches_name(const struct module *mod, const WCHAR *name, size_t len);
/* Load the modules of a live process that are not in the list yet. */
BOOL module_refresh_list(struct process *pcs);

/* memory.c */
/* How to read the target's memory: the caller's routine when set (read32:
 * StackWalk's 32-bit one, tried first), else the CBA_READ_MEMORY callback
 * of pcs when pcs is set and it answers, else ReadProcessMemory. */
struct target_memory
{
    HANDLE process;
    PREAD_PROCESS_MEMORY_ROUTINE64 read;
#ifndef _WIN64
    PREAD_PROCESS_MEMORY_ROUTINE read32;
#endif
    struct process *pcs;
};
/* Read exactly len bytes at addr (a caller's routine decides for itself). */
BOOL target_read(const struct target_memory *m, DWORD64 addr, void *buf, DWORD len);

/* search.c */
/* The bytes of an open file, mapped read-only for one reading. */
struct image_map
{
    HANDLE mapping;
    const unsigned char *data;
    struct byte_view view;
};
BOOL image_map_open(HANDLE file, struct image_map *map);
void image_map_close(struct image_map *map);
/* CreateFileW for reading, sharing everything (the file may be replaced). */
HANDLE open_image(const WCHAR *path);
/* The file name part of a path. */
const WCHAR *file_part(const WCHAR *path);
/* Call fn on "DIR\name" for each folder DIR of a ';'-separated path (or
 * of the process's symbol search path) until it returns TRUE; returns
 * that. */
/* What a symbol store files a file under (symstore.c): an image or .dbg
 * file by TimeDateStamp and SizeOfImage, a PDB by GUID and age. */
enum file_key_kind { FILE_KEY_NONE, FILE_KEY_IMAGE, FILE_KEY_PDB };
struct file_key
{
    enum file_key_kind kind;
    DWORD stamp, size;        /* FILE_KEY_IMAGE */
    GUID guid;                /* FILE_KEY_PDB */
    DWORD age;
};
/* The store's directory name for key: "STAMPsize" or "GUIDage". */
BOOL file_key_string(const struct file_key *key, WCHAR *out, size_t size);
/* The key of the file at path (symsrv.c), FALSE with the error set. */
BOOL file_key_of(const WCHAR *path, struct file_key *key);
/* Call fn on each candidate for name along a search path (directories,
 * srv* and cache* store elements; see symstore.c) until it returns TRUE;
 * stores are searched only with a key.  PATH_EXT_DIRS: also DIR\ext and
 * DIR\symbols\ext, as module loads do. */
#define PATH_EXT_DIRS 1
BOOL path_walk(const WCHAR *path, const WCHAR *name, const struct file_key *key, unsigned flags,
               BOOL (*fn)(const WCHAR *candidate, void *ctx), void *ctx);
/* The same with the folders of PATH_EXT_DIRS named by ext ("dll" for the
 * PDB of a DLL) instead of name's extension; NULL: name's. */
BOOL path_walk_ext(const WCHAR *path, const WCHAR *name, const WCHAR *ext, const struct file_key *key,
                   unsigned flags, BOOL (*fn)(const WCHAR *candidate, void *ctx), void *ctx);
/* A copy (malloc'ed) of the process's symbol search path; the _handle
 * form sets ERROR_INVALID_HANDLE for an unknown handle. */
WCHAR *process_search_path(struct process *pcs);
WCHAR *handle_search_path(HANDLE handle);
/* path_walk along the process's symbol search path, with PATH_EXT_DIRS. */
BOOL search_path_try(struct process *pcs, const WCHAR *name,
                     BOOL (*fn)(const WCHAR *candidate, void *ctx), void *ctx);
/* findfile.c: the home directory (hdBase, hdSym, hdSrc) into out
 * (MAX_PATH), and MakeSureDirectoryPathExists for callers in the DLL. */
BOOL dbg_home_dir(DWORD type, WCHAR *out);
BOOL dbg_make_dirs(const WCHAR *path);
/* Open an image by name: as given, then by its file name along the search
 * path, then, when the target maps an image at base, in the path's symbol
 * stores by that image's key.  On success `found` holds the full path of
 * the opened file. */
HANDLE find_image(struct process *pcs, const WCHAR *image, DWORD64 base, WCHAR *found, DWORD found_len);
/* Find and map the debug file `ref` names for the image at image_path (img
 * its headers) that `reader` accepts.  A debuglink file: beside the image,
 * in its .debug folder, then along the search path (pcs may be NULL).  A
 * PDB: at the path the CodeView record holds, beside the image, then by
 * its file name along the search path (DIR, DIR\EXT, DIR\symbols\EXT) and
 * in the path's symbol stores by its GUID and age.  On success *map is
 * open (the caller closes it), *file_img holds its headers and found
 * (MAX_PATH) its full path; the result is TRUE, or 2 for a PDB of another
 * identity, accepted because ref has DEBUG_REF_ANYTHING. */
BOOL find_debug_file(struct process *pcs, const WCHAR *image_path, const struct debug_reader *reader,
                     const struct debug_ref *ref, const struct pe_image *img, struct arena *arena,
                     struct pe_image *file_img, struct image_map *map, WCHAR *found);

/* symbol.c */
/* The module containing addr, referenced and with its symbols loaded, or
 * NULL.  Call without dbghelp_lock held. */
struct module *symbol_module_at(struct process *pcs, DWORD64 addr);
/* The symbol for addr in mod under the current options (a function or
 * variable containing it, an added symbol, else the nearest public). */
/* The module holding addr for the process behind handle, referenced and
 * symbols loaded; NULL with ERROR_INVALID_HANDLE or ERROR_MOD_NOT_FOUND. */
struct module *symbol_module_for(HANDLE handle, DWORD64 addr);
BOOL symbol_find_addr(struct module *mod, DWORD64 addr, struct sym_entry *out);
/* UnDecorateSymbolName's body, for callers inside the DLL. */
DWORD undecorate_into(const char *name, char *out, DWORD size, DWORD flags);
/* Fill an IMAGEHLP_SYMBOL64 (is64) or the 32-bit IMAGEHLP_SYMBOL from e;
 * returns the symbol's address. */
DWORD64 symbol_fill_imagehlp(const struct module *mod, const struct sym_entry *e, void *out,
                             BOOL is64);
/* The reported name (SYMOPT_UNDNAME undecorates publics), name or buf. */
const char *symbol_display_name(const struct sym_entry *e, char *buf, size_t size);
void symbol_fill_info(const struct module *mod, const struct sym_entry *e, SYMBOL_INFO *info);
void symbol_fill_infoW(const struct module *mod, const struct sym_entry *e, SYMBOL_INFOW *info);
/* The inline sites at addr, outermost first, into chain[64]; the count.
 * *tab (optional) receives the table the site indices refer to. */
DWORD symbol_inline_chain(struct module *mod, DWORD64 addr, uint32_t *chain,
                          const struct symtab **tab);
/* The site an IFC_MODE_INLINE context designates at addr, or -1; *n gets
 * the number of sites at addr. */
int64_t symbol_inline_site(struct module *mod, DWORD64 addr, DWORD ctx, uint32_t *chain, DWORD *n,
                           const struct symtab **tab);
/* Set the scope SymEnumSymbols reads with BaseOfDll 0: TRUE when it
 * changed, FALSE with ERROR_SUCCESS when it did not, else FALSE with the
 * error. */
BOOL symbol_set_scope(HANDLE handle, DWORD64 addr);
/* Wildcard match ('*', '?'), as SymMatchString. */
BOOL symbol_match(const char *str, const char *pattern, BOOL nocase);
BOOL symbol_matchW(const WCHAR *str, const WCHAR *pattern, BOOL nocase);

/* loaded.c */
/* Enumerate the modules loaded in a live process (not the symbol list).
 * fn returns FALSE to stop.  Returns FALSE with the last error set when the
 * process cannot be read. */
typedef BOOL (*loaded_module_fn)(const WCHAR *path, DWORD64 base, DWORD size, void *ctx);
BOOL loaded_modules_enum(HANDLE process, loaded_module_fn fn, void *ctx);
/* The same, whatever the options, keeping only the images of one machine
 * (a WOW64 process's 32-bit modules, for its minidump). */
BOOL loaded_modules_of_machine(HANDLE process, WORD machine, loaded_module_fn fn, void *ctx);
/* Is this a handle to a live process we can read? */
BOOL process_is_live(HANDLE handle);

/* stack.c */
/* Where the canonical frame address of the function holding pc is: at
 * *offset bytes from CodeView register *cv_reg, from the module's unwind
 * data (x64 .pdata, i386 CFI).  FALSE when the data does not say. */
BOOL stack_cfa_rule(struct process *pcs, struct module *mod, DWORD64 pc, WORD *cv_reg, LONG *offset);

/* strings.c: malloc'ed conversions; NULL input gives NULL. */
WCHAR *dbg_strdup_AtoW(const char *str);
char *dbg_strdup_WtoA(const WCHAR *str);
void dbg_WtoA(const WCHAR *src, char *dst, int dst_len);

#endif /* DBGHELP_PRIVATE_H */
