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
    DWORD num_syms;           /* NumSyms */
    struct pe_export *exports;/* sorted by RVA; in the arena */
    DWORD nexports;
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
};

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
void process_release(struct process *pcs);
/* Raise a CBA_* action to the registered callback; FALSE when none. */
BOOL process_callback(struct process *pcs, ULONG action, void *data);
/* Is this a handle to a live process we can read? */
BOOL process_is_live(HANDLE handle);

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
/* Does "name" (a module name or alias) name this module?  Case-insensitive. */
BOOL module_matches_name(const struct module *mod, const WCHAR *name, size_t len);
/* Load the modules of a live process that are not in the list yet. */
BOOL module_refresh_list(struct process *pcs);

/* loaded.c */
/* Enumerate the modules loaded in a live process (not the symbol list).
 * fn returns FALSE to stop.  Returns FALSE with the last error set when the
 * process cannot be read. */
typedef BOOL (*loaded_module_fn)(const WCHAR *path, DWORD64 base, DWORD size, void *ctx);
BOOL loaded_modules_enum(HANDLE process, loaded_module_fn fn, void *ctx);

/* Strings: malloc'ed conversions; NULL input gives NULL. */
WCHAR *dbg_strdup_AtoW(const char *str);
char *dbg_strdup_WtoA(const WCHAR *str);
void dbg_WtoA(const WCHAR *src, char *dst, int dst_len);
void dbg_AtoW(const char *src, WCHAR *dst, int dst_len);

#endif /* DBGHELP_PRIVATE_H */
