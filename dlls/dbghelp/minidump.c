/*
 * minidump.c: MiniDumpWriteDump and MiniDumpReadDumpStream.
 *
 * A dump is gathered first (threads suspended, their contexts and stacks,
 * the modules with their CodeView records and versions, the memory ranges
 * to keep), then laid out in one buffer whose offsets are the file's RVAs:
 * header, directory, streams, memory contents.  A full-memory dump's
 * Memory64 data follows that buffer and is copied from the target in
 * chunks.  The header is written last, so a dump that fails half-way is
 * never taken for a valid one (and the file is truncated to nothing).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include "dbghelp_private.h"
#include "mdmp.h"

#include <tlhelp32.h>
#include <psapi.h>
#include <cpuid.h>

#ifndef CONTEXT_ALL
#define CONTEXT_ALL CONTEXT_FULL
#endif

/* The instruction window kept around each thread's instruction pointer. */
#define WINDOW_BEFORE 128
#define WINDOW_AFTER 128
/* A stack pointer outside its thread's TIB limits: keep this much above it. */
#define STRAY_STACK_MAX 0x10000
#define COPY_CHUNK 0x100000

/* ---- ntdll, looked up once ------------------------------------------------ */

typedef LONG (WINAPI *nt_query_thread_fn)(HANDLE, ULONG, void *, ULONG, ULONG *);
typedef LONG (WINAPI *nt_query_process_fn)(HANDLE, ULONG, void *, ULONG, ULONG *);
typedef LONG (WINAPI *nt_query_system_fn)(ULONG, void *, ULONG, ULONG *);
typedef LONG (WINAPI *rtl_get_version_fn)(OSVERSIONINFOEXW *);
typedef LONG (WINAPI *nt_power_fn)(ULONG, void *, ULONG, void *, ULONG);
typedef void (WINAPI *rtl_unload_trace_fn)(ULONG **, ULONG **, void **);
typedef HRESULT (WINAPI *get_thread_description_fn)(HANDLE, WCHAR **);
typedef DWORD64 (WINAPI *get_xstate_features_fn)(void);

static void *ntdll_proc(const char *name)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");

    return ntdll ? (void *)GetProcAddress(ntdll, name) : NULL;
}

static void *kernel_proc(const char *name)
{
    HMODULE mod = GetModuleHandleW(L"kernelbase.dll");
    void *p = mod ? (void *)GetProcAddress(mod, name) : NULL;

    if (!p && (mod = GetModuleHandleW(L"kernel32.dll"))) p = (void *)GetProcAddress(mod, name);
    return p;
}

/* THREAD_BASIC_INFORMATION. */
struct thread_basic
{
    LONG exit_status;
    void *teb;
    void *pid, *tid;
    ULONG_PTR affinity;
    LONG priority, base_priority;
};

/* ---- the output buffer --------------------------------------------------- */

struct out
{
    unsigned char *data;
    size_t len, cap;
    BOOL failed;   /* out of memory, or past the 4 GB an RVA can address */
};

static DWORD out_reserve(struct out *o, size_t size, size_t align)
{
    size_t at = (o->len + align - 1) & ~(align - 1);

    if (o->failed) return 0;
    if (size > 0xffffffffu || at + size > 0xffffffffu)
    {
        o->failed = TRUE;
        return 0;
    }
    if (at + size > o->cap)
    {
        size_t cap = o->cap ? o->cap : 0x10000;
        unsigned char *grown;

        while (cap < at + size) cap *= 2;
        if (!(grown = realloc(o->data, cap)))
        {
            o->failed = TRUE;
            return 0;
        }
        o->data = grown;
        o->cap = cap;
    }
    memset(o->data + o->len, 0, at + size - o->len);
    o->len = at + size;
    return (DWORD)at;
}

static DWORD out_append(struct out *o, const void *data, size_t size, size_t align)
{
    DWORD rva = out_reserve(o, size, align);

    if (!o->failed && size) memcpy(o->data + rva, data, size);
    return rva;
}

/* A MINIDUMP_STRING: the length in bytes, the characters and a NUL. */
static DWORD out_string(struct out *o, const WCHAR *str)
{
    size_t n = str ? wcslen(str) : 0;
    DWORD rva = out_reserve(o, 4 + (n + 1) * sizeof(WCHAR), 4);
    ULONG32 bytes = (ULONG32)(n * sizeof(WCHAR));

    if (o->failed) return 0;
    memcpy(o->data + rva, &bytes, 4);
    if (n) memcpy(o->data + rva + 4, str, n * sizeof(WCHAR));
    return rva;
}

/* ---- what is gathered ----------------------------------------------------- */

/* A thread's context as the dump stores it: the target's own layout (a
 * WOW64 process's threads are 32-bit ones for the 64-bit DLL). */
union dump_context
{
    CONTEXT native;
#ifdef _WIN64
    WOW64_CONTEXT wow64;
#endif
};

struct dump_thread
{
    union dump_context ctx;  /* first: malloc's alignment suits CONTEXT */
    DWORD tid;
    HANDLE handle;
    BOOL suspended;
    DWORD suspend_count;
    int priority;
    ULONG64 teb;
    ULONG64 stack_base, stack_limit;
    BOOL have_ctx;
    ULONG flags;             /* THREAD_WRITE_FLAGS */
    struct mdmp_range stack; /* the part of the stack kept */
    WCHAR *name;             /* GetThreadDescription's, LocalFree'd */
    struct thread_basic basic;
    BOOL have_basic;
    ULONG64 start_address;
    FILETIME times[4];       /* creation, exit, kernel, user */
    DWORD exit_code;
};

struct dump_module
{
    WCHAR *path;
    ULONG64 base;
    DWORD size, checksum, timestamp;
    VS_FIXEDFILEINFO version;
    BYTE *cv;
    DWORD cv_size;
    BYTE *misc;
    DWORD misc_size;
    ULONG flags;             /* MODULE_WRITE_FLAGS */
    struct mdmp_range *segs; /* data or code sections to keep */
    DWORD nsegs;
};

struct dump
{
    HANDLE process;
    DWORD pid;
    HANDLE file;
    MINIDUMP_TYPE type;
    const MINIDUMP_CALLBACK_INFORMATION *cb;
    BOOL self;
    WORD machine;            /* IMAGE_FILE_MACHINE_* of the target */
    BOOL wow64;              /* a 32-bit target of the 64-bit DLL */
    BOOL check_cancel;
    BOOL io_callback;        /* IoStartCallback answered S_OK */
    struct dump_thread *threads;
    DWORD nthreads;
    struct dump_module *modules;
    DWORD nmodules, modules_cap;
    struct mdmp_range *ranges;  /* MemoryListStream (not full memory) */
    size_t nranges, ranges_cap;
    DWORD *range_rvas;
    struct mdmp_range *indirect; /* MiniDumpWithIndirectlyReferencedMemory */
    size_t nindirect, indirect_cap;
    struct mdmp_range *full;    /* Memory64ListStream (full memory) */
    size_t nfull, full_cap;
    ULONG64 full_rva;           /* where the Memory64 data starts */
    DWORD full_list_rva;        /* the Memory64ListStream */
    union dump_context exc_ctx;
    EXCEPTION_RECORD exc_rec;
    DWORD exc_tid;
    BOOL have_exc;
    DWORD error;                /* the first failure */
};

static BOOL fail(struct dump *d, DWORD error)
{
    if (!d->error) d->error = error;
    return FALSE;
}

static BOOL read_target(struct dump *d, ULONG64 addr, void *buf, SIZE_T len)
{
    SIZE_T got = 0;

    if (addr != (ULONG_PTR)addr) return FALSE;
    return ReadProcessMemory(d->process, (const void *)(ULONG_PTR)addr, buf, len, &got) && got == len;
}

static BOOL add_range(struct mdmp_range **r, size_t *n, size_t *cap, ULONG64 start, ULONG64 size)
{
    if (!size) return TRUE;
    if (*n == *cap)
    {
        size_t grown_cap = *cap ? *cap * 2 : 64;
        struct mdmp_range *grown = realloc(*r, grown_cap * sizeof(**r));

        if (!grown) return FALSE;
        *r = grown;
        *cap = grown_cap;
    }
    (*r)[*n].start = start;
    (*r)[*n].size = size;
    (*n)++;
    return TRUE;
}

static BOOL readable(const MEMORY_BASIC_INFORMATION *mbi)
{
    return mbi->State == MEM_COMMIT && !(mbi->Protect & (PAGE_GUARD | PAGE_NOACCESS));
}

/* Call fn on every region of the target's address space, in order, until
 * it returns FALSE; returns that. */
typedef BOOL (*region_fn)(struct dump *d, const MEMORY_BASIC_INFORMATION *mbi, void *ctx);
static BOOL walk_regions(struct dump *d, region_fn fn, void *ctx)
{
    ULONG_PTR at = 0;
    MEMORY_BASIC_INFORMATION mbi;

    while (VirtualQueryEx(d->process, (const void *)at, &mbi, sizeof(mbi)))
    {
        ULONG_PTR next = (ULONG_PTR)mbi.BaseAddress + mbi.RegionSize;

        if (!fn(d, &mbi, ctx)) return FALSE;
        if (next <= at) break;
        at = next;
    }
    return TRUE;
}

/* Add the readable committed parts of [start, start + size) to the memory
 * list. */
static BOOL add_readable(struct dump *d, ULONG64 start, ULONG64 size)
{
    ULONG64 end = start + size, at = start;

    if (end < start) end = ~(ULONG64)0;
    while (at < end)
    {
        MEMORY_BASIC_INFORMATION mbi;
        ULONG64 rstart, rend;

        if (at != (ULONG_PTR)at ||
            !VirtualQueryEx(d->process, (const void *)(ULONG_PTR)at, &mbi, sizeof(mbi)))
            break;
        rstart = (ULONG_PTR)mbi.BaseAddress;
        rend = rstart + mbi.RegionSize;
        if (rend <= at) break;
        if (readable(&mbi))
        {
            ULONG64 lo = at, hi = rend < end ? rend : end;

            if (!add_range(&d->ranges, &d->nranges, &d->ranges_cap, lo, hi - lo))
                return fail(d, ERROR_OUTOFMEMORY);
        }
        at = rend;
    }
    return TRUE;
}

/* ---- callbacks ---------------------------------------------------------------- */

static BOOL callback(struct dump *d, ULONG type, DBG_MINIDUMP_CALLBACK_INPUT *in,
                     DBG_MINIDUMP_CALLBACK_OUTPUT *out)
{
    if (!d->cb || !d->cb->CallbackRoutine) return FALSE;
    /* Which inputs carry the process: Wine's minidump tests, which pass
     * on Windows. */
    switch (type)
    {
    case IoStartCallback:
    case WriteKernelMinidumpCallback:
        in->ProcessId = 0;
        in->ProcessHandle = NULL;
        break;
    case IsProcessSnapshotCallback:
    case VmStartCallback:
        in->ProcessId = 0;
        in->ProcessHandle = d->process;
        break;
    default:
        in->ProcessId = d->pid;
        in->ProcessHandle = d->process;
        break;
    }
    in->CallbackType = type;
    return d->cb->CallbackRoutine(d->cb->CallbackParam, (PMINIDUMP_CALLBACK_INPUT)in,
                                  (PMINIDUMP_CALLBACK_OUTPUT)out);
}

/* A callback with no payload and nothing to answer. */
static void callback_notify(struct dump *d, ULONG type, HRESULT status)
{
    DBG_MINIDUMP_CALLBACK_INPUT in;
    DBG_MINIDUMP_CALLBACK_OUTPUT out;

    memset(&in, 0, sizeof(in));
    memset(&out, 0, sizeof(out));
    out.Status = status;
    callback(d, type, &in, &out);
}

/* CancelCallback, while the caller asks for it: TRUE to stop. */
static BOOL cancelled(struct dump *d)
{
    DBG_MINIDUMP_CALLBACK_INPUT in;
    DBG_MINIDUMP_CALLBACK_OUTPUT out;

    if (!d->check_cancel || !d->cb || !d->cb->CallbackRoutine) return FALSE;
    memset(&in, 0, sizeof(in));
    memset(&out, 0, sizeof(out));
    if (!callback(d, CancelCallback, &in, &out)) return FALSE;
    if (!out.CheckCancel) d->check_cancel = FALSE;
    if (out.Cancel) return !fail(d, ERROR_CANCELLED);
    return FALSE;
}

/* ---- threads ------------------------------------------------------------------- */

static DWORD context_size(const struct dump *d)
{
#ifdef _WIN64
    if (d->wow64) return sizeof(WOW64_CONTEXT);
#else
    (void)d;
#endif
    return sizeof(CONTEXT);
}

static ULONG64 context_sp(const struct dump *d, const union dump_context *ctx)
{
#ifdef _WIN64
    return d->wow64 ? ctx->wow64.Esp : ctx->native.Rsp;
#else
    (void)d;
    return ctx->native.Esp;
#endif
}

static ULONG64 context_pc(const struct dump *d, const union dump_context *ctx)
{
#ifdef _WIN64
    return d->wow64 ? ctx->wow64.Eip : ctx->native.Rip;
#else
    (void)d;
    return ctx->native.Eip;
#endif
}

static BOOL thread_context(const struct dump *d, HANDLE thread, union dump_context *ctx)
{
#ifdef _WIN64
    if (d->wow64)
    {
        ctx->wow64.ContextFlags = WOW64_CONTEXT_ALL;
        return Wow64GetThreadContext(thread, &ctx->wow64);
    }
#else
    (void)d;
#endif
    ctx->native.ContextFlags = CONTEXT_ALL;
    return GetThreadContext(thread, &ctx->native);
}

static void thread_read_info(struct dump *d, struct dump_thread *t)
{
    static nt_query_thread_fn query;
    static get_thread_description_fn describe;
    static BOOL looked;
    ULONG_PTR tib[3];

    if (!looked)
    {
        query = (nt_query_thread_fn)ntdll_proc("NtQueryInformationThread");
        describe = (get_thread_description_fn)kernel_proc("GetThreadDescription");
        looked = TRUE;
    }
    if (query && !query(t->handle, 0 /* ThreadBasicInformation */, &t->basic, sizeof(t->basic), NULL))
    {
        t->have_basic = TRUE;
        t->teb = (ULONG_PTR)t->basic.teb;
    }
    if (query)
    {
        ULONG_PTR start = 0;

        if (!query(t->handle, 9 /* ThreadQuerySetWin32StartAddress */, &start, sizeof(start), NULL))
            t->start_address = start;
    }
    /* NT_TIB: ExceptionList, StackBase, StackLimit. */
#ifdef _WIN64
    if (d->wow64)
    {
        /* The 32-bit TIB: at the TEB the system gives, or 0x2000 past it
         * (Windows' WOW64 layout); the one whose limits hold the stack
         * pointer. */
        ULONG64 sp = t->have_ctx ? context_sp(d, &t->ctx) : 0, at;
        DWORD tib32[3];
        int k;

        for (k = 0; k < 2 && t->teb; k++)
        {
            at = t->teb + (k ? 0x2000 : 0);
            if (read_target(d, at, tib32, sizeof(tib32)) && tib32[2] <= sp && sp < tib32[1])
            {
                t->teb = at;
                t->stack_base = tib32[1];
                t->stack_limit = tib32[2];
                break;
            }
        }
    }
    else
#endif
    if (t->teb && read_target(d, t->teb, tib, sizeof(tib)))
    {
        t->stack_base = tib[1];
        t->stack_limit = tib[2];
    }
    t->priority = GetThreadPriority(t->handle);
    if (t->priority == THREAD_PRIORITY_ERROR_RETURN) t->priority = 0;
    if (!GetThreadTimes(t->handle, &t->times[0], &t->times[1], &t->times[2], &t->times[3]))
        memset(t->times, 0, sizeof(t->times));
    if (!GetExitCodeThread(t->handle, &t->exit_code)) t->exit_code = 0;
    if (describe)
    {
        WCHAR *name = NULL;

        if (SUCCEEDED(describe(t->handle, &name))) t->name = name;
    }
}

/* The part of the stack kept: from the stack pointer to the TIB's base,
 * as far as it can be read (a stack is one range); a stack pointer
 * elsewhere (an alternate stack) keeps what follows it in its region, up
 * to STRAY_STACK_MAX. */
static void thread_stack_range(struct dump *d, struct dump_thread *t)
{
    ULONG64 sp = context_sp(d, &t->ctx), end, at;
    MEMORY_BASIC_INFORMATION mbi;
    BOOL stray;

    t->stack.start = t->stack.size = 0;
    if (!t->have_ctx || sp != (ULONG_PTR)sp) return;
    stray = !(sp >= t->stack_limit && sp < t->stack_base);
    end = stray ? sp + STRAY_STACK_MAX : t->stack_base;
    for (at = sp; at < end;)
    {
        ULONG64 rend;

        if (at != (ULONG_PTR)at || !VirtualQueryEx(d->process, (const void *)(ULONG_PTR)at, &mbi, sizeof(mbi)) ||
            !readable(&mbi))
            break;
        rend = (ULONG_PTR)mbi.BaseAddress + mbi.RegionSize;
        if (rend <= at) break;
        at = rend;
        /* An alternate stack stops at the end of its region. */
        if (stray) break;
    }
    if (at > end) at = end;
    t->stack.start = sp;
    t->stack.size = at > sp ? at - sp : 0;
}

static BOOL thread_wanted(struct dump *d, struct dump_thread *t)
{
    DBG_MINIDUMP_CALLBACK_INPUT in;
    DBG_MINIDUMP_CALLBACK_OUTPUT out;

    t->flags = ThreadWriteThread | ThreadWriteStack | ThreadWriteContext | ThreadWriteInstructionWindow;
    if (d->type & MiniDumpWithThreadInfo) t->flags |= ThreadWriteThreadInfo;
    if (d->type & MiniDumpWithProcessThreadData) t->flags |= ThreadWriteThreadData;
    if (!d->cb || !d->cb->CallbackRoutine) return TRUE;
    memset(&in, 0, sizeof(in));
    memset(&out, 0, sizeof(out));
    in.IncludeThread.ThreadId = t->tid;
    out.ThreadWriteFlags = t->flags;
    if (!callback(d, IncludeThreadCallback, &in, &out)) return FALSE;
    t->flags = out.ThreadWriteFlags;
    return (t->flags & ThreadWriteThread) != 0;
}

static BOOL gather_threads(struct dump *d)
{
    THREADENTRY32 te;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    DWORD cap = 0, self_tid = GetCurrentThreadId();

    if (snap == INVALID_HANDLE_VALUE) return fail(d, GetLastError());
    te.dwSize = sizeof(te);
    if (Thread32First(snap, &te))
    {
        do
        {
            struct dump_thread *t;

            if (te.dwSize < offsetof(THREADENTRY32, th32OwnerProcessID) + sizeof(DWORD) ||
                te.th32OwnerProcessID != d->pid)
                continue;
            if (d->nthreads == cap)
            {
                DWORD grown_cap = cap ? cap * 2 : 16;
                struct dump_thread *grown = realloc(d->threads, grown_cap * sizeof(*grown));

                if (!grown)
                {
                    CloseHandle(snap);
                    return fail(d, ERROR_OUTOFMEMORY);
                }
                d->threads = grown;
                cap = grown_cap;
            }
            t = &d->threads[d->nthreads];
            memset(t, 0, sizeof(*t));
            te.dwSize = sizeof(te);
            t->tid = te.th32ThreadID;
            if (!thread_wanted(d, t)) continue;
            t->handle = OpenThread(THREAD_ALL_ACCESS, FALSE, t->tid);
            if (!t->handle) continue; /* exited since the snapshot */
            if (!(d->self && t->tid == self_tid))
            {
                DWORD prev = SuspendThread(t->handle);

                if (prev != (DWORD)-1)
                {
                    t->suspended = TRUE;
                    t->suspend_count = prev;
                }
            }
            t->have_ctx = thread_context(d, t->handle, &t->ctx);
            thread_read_info(d, t);
            d->nthreads++;
            te.dwSize = sizeof(te);
        } while (Thread32Next(snap, &te));
    }
    CloseHandle(snap);
    return TRUE;
}

static void release_threads(struct dump *d)
{
    DWORD i;

    for (i = 0; i < d->nthreads; i++)
    {
        if (d->threads[i].suspended) ResumeThread(d->threads[i].handle);
        if (d->threads[i].handle) CloseHandle(d->threads[i].handle);
        if (d->threads[i].name) LocalFree(d->threads[i].name);
    }
    free(d->threads);
    d->threads = NULL;
    d->nthreads = 0;
}

/* The Thread callback: the caller sees each thread and may drop parts. */
static void thread_callback(struct dump *d, struct dump_thread *t)
{
    DBG_MINIDUMP_CALLBACK_INPUT in;
    DBG_MINIDUMP_CALLBACK_OUTPUT out;

    if (!d->cb || !d->cb->CallbackRoutine) return;
    memset(&in, 0, sizeof(in));
    memset(&out, 0, sizeof(out));
    in.Thread.ThreadId = t->tid;
    in.Thread.ThreadHandle = t->handle;
    memcpy(&in.Thread.Context, &t->ctx, context_size(d));
    in.Thread.SizeOfContext = context_size(d);
    in.Thread.StackBase = t->stack.start;
    in.Thread.StackEnd = t->stack.start + t->stack.size;
    out.ThreadWriteFlags = t->flags;
    if (callback(d, ThreadCallback, &in, &out)) t->flags = out.ThreadWriteFlags;
}

/* ---- modules ------------------------------------------------------------------------ */

/* The raw record of the first debug-directory entry of a type, from the
 * target's image; malloc'ed. */
static BYTE *module_debug_record(struct dump *d, ULONG64 base, const struct pe_image *img,
                                 DWORD type, DWORD *size)
{
    uint32_t rva, dsize, i;

    *size = 0;
    if (!pe_directory(img, PE_DIR_DEBUG, &rva, &dsize)) return NULL;
    for (i = 0; i < dsize / 28 && i < 64; i++)
    {
        DWORD e[7];
        BYTE *data;

        if (!read_target(d, base + rva + i * 28ull, e, sizeof(e))) return NULL;
        /* Characteristics, TimeDateStamp, versions, Type, SizeOfData,
         * AddressOfRawData, PointerToRawData. */
        if (e[3] != type || !e[5] || !e[4] || e[4] > 0x10000 || e[5] >= img->size_of_image) continue;
        if (!(data = malloc(e[4]))) return NULL;
        if (!read_target(d, base + e[5], data, e[4]))
        {
            free(data);
            continue;
        }
        *size = e[4];
        return data;
    }
    return NULL;
}

/* VS_FIXEDFILEINFO from the image's RT_VERSION resource in the target. */
static BOOL module_version(struct dump *d, ULONG64 base, const struct pe_image *img,
                           VS_FIXEDFILEINFO *out)
{
    uint32_t rsrc, rsize, dir = 0, level;
    DWORD entry[4];
    BYTE *data;
    DWORD off;
    BOOL found = FALSE;

    if (!pe_directory(img, 2 /* resources */, &rsrc, &rsize)) return FALSE;
    /* Type 16 (RT_VERSION) at the root, then the first name, the first
     * language. */
    for (level = 0; level < 3; level++)
    {
        WORD counts[2];
        DWORD i, n, want = level == 0 ? 16 : 0;

        if (dir >= rsize || !read_target(d, base + rsrc + dir + 12, counts, sizeof(counts))) return FALSE;
        n = counts[0] + counts[1];
        for (i = 0; i < n && i < 0x1000; i++)
        {
            DWORD ent[2];

            if (!read_target(d, base + rsrc + dir + 16 + i * 8ull, ent, sizeof(ent))) return FALSE;
            if (level == 0 && ent[0] != want) continue;
            if (level < 2 && !(ent[1] & 0x80000000)) return FALSE;
            if (level == 2 && (ent[1] & 0x80000000)) return FALSE;
            dir = ent[1] & 0x7fffffff;
            break;
        }
        if (i == n || i == 0x1000) return FALSE;
    }
    /* IMAGE_RESOURCE_DATA_ENTRY: OffsetToData (an RVA), Size. */
    if (dir >= rsize || !read_target(d, base + rsrc + dir, entry, sizeof(entry))) return FALSE;
    if (entry[1] < sizeof(*out) || entry[1] > 0x10000 || entry[0] >= img->size_of_image) return FALSE;
    if (!(data = malloc(entry[1]))) return FALSE;
    if (read_target(d, base + entry[0], data, entry[1]))
    {
        /* VS_VERSIONINFO: the fixed part follows the key, 32-bit aligned. */
        for (off = 0; off + sizeof(*out) <= entry[1]; off += 4)
        {
            DWORD sig;

            memcpy(&sig, data + off, 4);
            if (sig == VS_FFI_SIGNATURE)
            {
                memcpy(out, data + off, sizeof(*out));
                found = TRUE;
                break;
            }
        }
    }
    free(data);
    return found;
}

static BOOL module_segments(struct dump *d, struct dump_module *m, const struct pe_image *img)
{
    BOOL headers = (d->type & MiniDumpWithModuleHeaders) != 0;
    uint32_t i, rva, size;

    if (!(m->flags & (ModuleWriteDataSeg | ModuleWriteCodeSegs)) && !headers) return TRUE;
    m->segs = calloc(img->nsections + 2, sizeof(*m->segs));
    if (!m->segs) return fail(d, ERROR_OUTOFMEMORY);
    if (headers)
    {
        /* MiniDumpWithModuleHeaders: the PE headers (up to the first
         * section, one page at most) and, for x64, the function table
         * unwinding needs (Wine's Windows-run tests expect it). */
        uint32_t end = img->nsections && img->sections[0].va ? img->sections[0].va : 0x1000;

        m->segs[m->nsegs].start = m->base;
        m->segs[m->nsegs].size = end < 0x1000 ? end : 0x1000;
        m->nsegs++;
        if (img->pe32plus && pe_directory(img, PE_DIR_EXCEPTION, &rva, &size) && rva < m->size &&
            size <= m->size - rva)
        {
            m->segs[m->nsegs].start = m->base + rva;
            m->segs[m->nsegs].size = size;
            m->nsegs++;
        }
    }
    for (i = 0; i < img->nsections; i++)
    {
        const struct pe_section *s = &img->sections[i];
        BOOL data = (s->characteristics & IMAGE_SCN_MEM_WRITE) != 0;
        BOOL code = (s->characteristics & (IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_CNT_CODE)) != 0;

        if (!s->vsize || s->va >= m->size) continue;
        if ((data && (m->flags & ModuleWriteDataSeg)) || (code && (m->flags & ModuleWriteCodeSegs)))
        {
            m->segs[m->nsegs].start = m->base + s->va;
            m->segs[m->nsegs].size = s->vsize < m->size - s->va ? s->vsize : m->size - s->va;
            m->nsegs++;
        }
    }
    return TRUE;
}

struct gather_modules
{
    struct dump *d;
};

static BOOL gather_module_cb(const WCHAR *path, DWORD64 base, DWORD size, void *ctx)
{
    struct dump *d = ((struct gather_modules *)ctx)->d;
    DBG_MINIDUMP_CALLBACK_INPUT in;
    DBG_MINIDUMP_CALLBACK_OUTPUT out;
    unsigned char headers[0x1000];
    struct byte_view view;
    struct pe_image img;
    struct arena arena;
    struct dump_module *m;

    if (d->nmodules == d->modules_cap)
    {
        DWORD cap = d->modules_cap ? d->modules_cap * 2 : 64;
        struct dump_module *grown = realloc(d->modules, cap * sizeof(*grown));

        if (!grown) return fail(d, ERROR_OUTOFMEMORY);
        d->modules = grown;
        d->modules_cap = cap;
    }
    m = &d->modules[d->nmodules];
    memset(m, 0, sizeof(*m));
    m->base = base;
    m->size = size;
    m->flags = ModuleWriteModule | ModuleWriteMiscRecord | ModuleWriteCvRecord;
    if (d->type & MiniDumpWithDataSegs) m->flags |= ModuleWriteDataSeg;
    if (d->type & MiniDumpWithCodeSegs) m->flags |= ModuleWriteCodeSegs;
    if (d->cb && d->cb->CallbackRoutine)
    {
        memset(&in, 0, sizeof(in));
        memset(&out, 0, sizeof(out));
        in.IncludeModule.BaseOfImage = base;
        out.ModuleWriteFlags = m->flags;
        if (!callback(d, IncludeModuleCallback, &in, &out)) return TRUE;
        m->flags = out.ModuleWriteFlags;
        if (!(m->flags & ModuleWriteModule)) return TRUE;
    }
    if (!(m->path = _wcsdup(path))) return fail(d, ERROR_OUTOFMEMORY);
    arena_init(&arena);
    view.data = headers;
    view.size = sizeof(headers);
    if (read_target(d, base, headers, sizeof(headers)) && pe_parse(&view, 1, &arena, &img) == PE_OK)
    {
        m->checksum = img.checksum;
        m->timestamp = img.timestamp;
        if (img.size_of_image) m->size = img.size_of_image;
        if (m->flags & ModuleWriteCvRecord)
            m->cv = module_debug_record(d, base, &img, IMAGE_DEBUG_TYPE_CODEVIEW, &m->cv_size);
        if (m->flags & ModuleWriteMiscRecord)
            m->misc = module_debug_record(d, base, &img, IMAGE_DEBUG_TYPE_MISC, &m->misc_size);
        module_version(d, base, &img, &m->version);
        if (!module_segments(d, m, &img))
        {
            arena_free_all(&arena);
            return FALSE;
        }
    }
    arena_free_all(&arena);
    d->nmodules++;
    return TRUE;
}

static BOOL gather_modules(struct dump *d)
{
    struct gather_modules ctx = { d };

    if (!loaded_modules_of_machine(d->process, d->machine, gather_module_cb, &ctx) && !d->error)
        return fail(d, GetLastError());
    return !d->error;
}

static void module_callback(struct dump *d, struct dump_module *m)
{
    DBG_MINIDUMP_CALLBACK_INPUT in;
    DBG_MINIDUMP_CALLBACK_OUTPUT out;

    if (!d->cb || !d->cb->CallbackRoutine) return;
    memset(&in, 0, sizeof(in));
    memset(&out, 0, sizeof(out));
    in.Module.FullPath = m->path;
    in.Module.BaseOfImage = m->base;
    in.Module.SizeOfImage = m->size;
    in.Module.CheckSum = m->checksum;
    in.Module.TimeDateStamp = m->timestamp;
    in.Module.VersionInfo = m->version;
    in.Module.CvRecord = m->cv;
    in.Module.SizeOfCvRecord = m->cv_size;
    in.Module.MiscRecord = m->misc;
    in.Module.SizeOfMiscRecord = m->misc_size;
    out.ModuleWriteFlags = m->flags;
    if (callback(d, ModuleCallback, &in, &out)) m->flags = out.ModuleWriteFlags;
}

static void release_modules(struct dump *d)
{
    DWORD i;

    for (i = 0; i < d->nmodules; i++)
    {
        free(d->modules[i].path);
        free(d->modules[i].cv);
        free(d->modules[i].misc);
        free(d->modules[i].segs);
    }
    free(d->modules);
    d->modules = NULL;
    d->nmodules = 0;
}

/* ---- the memory to keep ---------------------------------------------------------------- */

/* Referenced memory kept per pointer (MiniDumpWithIndirectlyReferencedMemory):
 * this much before and after it, and at most this many pointers. */
#define INDIRECT_BEFORE 256
#define INDIRECT_AFTER 768
#define INDIRECT_MAX 4096

static DWORD pointer_size(const struct dump *d)
{
    return d->machine == IMAGE_FILE_MACHINE_I386 ? 4 : 8;
}

static struct dump_module *module_at(struct dump *d, ULONG64 addr)
{
    DWORD i;

    for (i = 0; i < d->nmodules; i++)
        if (addr >= d->modules[i].base && addr - d->modules[i].base < d->modules[i].size) return &d->modules[i];
    return NULL;
}

static BOOL in_stack(const struct dump *d, ULONG64 addr)
{
    DWORD i;

    for (i = 0; i < d->nthreads; i++)
        if (addr >= d->threads[i].stack.start && addr - d->threads[i].stack.start < d->threads[i].stack.size)
            return TRUE;
    return FALSE;
}

/* The pointer-sized values of the stacks: the modules they point into
 * (MiniDumpScanMemory sets ModuleReferencedByMemory, before the Module
 * callback) and the other memory they point to (kept for
 * MiniDumpWithIndirectlyReferencedMemory). */
static BOOL scan_stacks(struct dump *d)
{
    DWORD ptr = pointer_size(d), i;
    BOOL indirect = (d->type & MiniDumpWithIndirectlyReferencedMemory) != 0;

    if (!(d->type & (MiniDumpScanMemory | MiniDumpWithIndirectlyReferencedMemory))) return TRUE;
    for (i = 0; i < d->nthreads; i++)
    {
        const struct dump_thread *t = &d->threads[i];
        BYTE *buf;
        SIZE_T at;

        if (!t->stack.size || t->stack.size > 0x4000000) continue;
        if (!(buf = malloc((size_t)t->stack.size))) return fail(d, ERROR_OUTOFMEMORY);
        if (read_target(d, t->stack.start, buf, (SIZE_T)t->stack.size))
        {
            for (at = 0; at + ptr <= t->stack.size; at += ptr)
            {
                ULONG64 v = 0;
                struct dump_module *m;
                MEMORY_BASIC_INFORMATION mbi;

                memcpy(&v, buf + at, ptr);
                if (v < 0x10000) continue;
                if ((m = module_at(d, v)))
                {
                    if (d->type & MiniDumpScanMemory) m->flags |= ModuleReferencedByMemory;
                    continue;
                }
                if (!indirect || d->nindirect >= INDIRECT_MAX || in_stack(d, v) || v != (ULONG_PTR)v) continue;
                if (!VirtualQueryEx(d->process, (const void *)(ULONG_PTR)v, &mbi, sizeof(mbi)) || !readable(&mbi) ||
                    mbi.Type == MEM_IMAGE)
                    continue;
                {
                    ULONG64 lo = v - INDIRECT_BEFORE, hi = v + INDIRECT_AFTER;
                    ULONG64 rlo = (ULONG_PTR)mbi.BaseAddress, rhi = rlo + mbi.RegionSize;

                    if (lo < rlo || lo > v) lo = rlo;
                    if (hi > rhi || hi < v) hi = rhi;
                    if (!add_range(&d->indirect, &d->nindirect, &d->indirect_cap, lo, hi - lo))
                    {
                        free(buf);
                        return fail(d, ERROR_OUTOFMEMORY);
                    }
                }
            }
        }
        free(buf);
    }
    return TRUE;
}

/* MiniDumpWithProcessThreadData: the PEB and every thread's TEB. */
static BOOL add_process_thread_data(struct dump *d)
{
    static nt_query_process_fn query;
    ULONG_PTR info[6];
    ULONG64 peb = 0;
    DWORD i;

    if (!query) query = (nt_query_process_fn)ntdll_proc("NtQueryInformationProcess");
#ifdef _WIN64
    if (d->wow64)
    {
        ULONG_PTR peb32 = 0;

        if (query && !query(d->process, 26 /* ProcessWow64Information */, &peb32, sizeof(peb32), NULL))
            peb = peb32;
    }
    else
#endif
    /* PROCESS_BASIC_INFORMATION: ExitStatus, PebBaseAddress, ... */
    if (query && !query(d->process, 0 /* ProcessBasicInformation */, info, sizeof(info), NULL)) peb = info[1];
    if (peb && !add_readable(d, peb, 0x1000)) return FALSE;
    for (i = 0; i < d->nthreads; i++)
        if (d->threads[i].teb && !add_readable(d, d->threads[i].teb, pointer_size(d) == 8 ? 0x2000 : 0x1000))
            return FALSE;
    return TRUE;
}

/* MiniDumpWithPrivateReadWriteMemory / WithPrivateWriteCopyMemory: every
 * private read-write, or write-copy, region. */
static BOOL private_region(struct dump *d, const MEMORY_BASIC_INFORMATION *mbi, void *ctx)
{
    DWORD prot = mbi->Protect & 0xff;

    (void)ctx;
    if (readable(mbi) &&
        (((d->type & MiniDumpWithPrivateReadWriteMemory) && mbi->Type == MEM_PRIVATE && prot == PAGE_READWRITE) ||
         ((d->type & MiniDumpWithPrivateWriteCopyMemory) &&
          (prot == PAGE_WRITECOPY || prot == PAGE_EXECUTE_WRITECOPY))) &&
        !add_range(&d->ranges, &d->nranges, &d->ranges_cap, (ULONG_PTR)mbi->BaseAddress, mbi->RegionSize))
        return fail(d, ERROR_OUTOFMEMORY);
    return TRUE;
}

static BOOL gather_memory(struct dump *d)
{
    DBG_MINIDUMP_CALLBACK_INPUT in;
    DBG_MINIDUMP_CALLBACK_OUTPUT out;
    DWORD i, j;

    for (i = 0; i < d->nthreads; i++)
    {
        struct dump_thread *t = &d->threads[i];

        if (!(t->flags & ThreadWriteStack)) t->stack.size = 0;
        if (t->stack.size && !add_range(&d->ranges, &d->nranges, &d->ranges_cap, t->stack.start,
                                        t->stack.size))
            return fail(d, ERROR_OUTOFMEMORY);
        if (t->have_ctx && (t->flags & ThreadWriteInstructionWindow))
        {
            ULONG64 pc = context_pc(d, &t->ctx);

            if (pc >= WINDOW_BEFORE && !add_readable(d, pc - WINDOW_BEFORE, WINDOW_BEFORE + WINDOW_AFTER))
                return FALSE;
        }
    }
    if (d->have_exc)
    {
        ULONG64 pc = (ULONG_PTR)d->exc_rec.ExceptionAddress;

        if (pc >= WINDOW_BEFORE && !add_readable(d, pc - WINDOW_BEFORE, WINDOW_BEFORE + WINDOW_AFTER))
            return FALSE;
    }
    for (i = 0; i < d->nmodules; i++)
        for (j = 0; j < d->modules[i].nsegs; j++)
            if (!add_readable(d, d->modules[i].segs[j].start, d->modules[i].segs[j].size)) return FALSE;
    for (i = 0; i < d->nindirect; i++)
        if (!add_range(&d->ranges, &d->nranges, &d->ranges_cap, d->indirect[i].start, d->indirect[i].size))
            return fail(d, ERROR_OUTOFMEMORY);
    if ((d->type & MiniDumpWithProcessThreadData) && !add_process_thread_data(d)) return FALSE;
    if ((d->type & (MiniDumpWithPrivateReadWriteMemory | MiniDumpWithPrivateWriteCopyMemory)) &&
        !walk_regions(d, private_region, NULL))
        return FALSE;
    /* The caller's ranges, until it answers FALSE or an empty one. */
    if (d->cb && d->cb->CallbackRoutine)
    {
        for (i = 0; i < 0x100000; i++)
        {
            memset(&in, 0, sizeof(in));
            memset(&out, 0, sizeof(out));
            if (!callback(d, MemoryCallback, &in, &out) || !out.MemorySize) break;
            if (!add_readable(d, out.MemoryBase, out.MemorySize)) return FALSE;
        }
    }
    d->nranges = mdmp_ranges_merge(d->ranges, d->nranges);
    if (d->cb && d->cb->CallbackRoutine)
    {
        for (i = 0; i < 0x100000; i++)
        {
            memset(&in, 0, sizeof(in));
            memset(&out, 0, sizeof(out));
            if (!callback(d, RemoveMemoryCallback, &in, &out) || !out.MemorySize) break;
            /* A removal may split a range: make room for one more. */
            if (!add_range(&d->ranges, &d->nranges, &d->ranges_cap, 0, 1))
                return fail(d, ERROR_OUTOFMEMORY);
            d->nranges--;
            mdmp_ranges_remove(d->ranges, &d->nranges, d->ranges_cap, out.MemoryBase, out.MemorySize);
        }
    }
    return TRUE;
}

/* Every committed readable region (MiniDumpWithFullMemory). */
static BOOL full_region(struct dump *d, const MEMORY_BASIC_INFORMATION *mbi, void *ctx)
{
    (void)ctx;
    if (readable(mbi) && !(mbi->Protect & PAGE_WRITECOMBINE) &&
        !add_range(&d->full, &d->nfull, &d->full_cap, (ULONG_PTR)mbi->BaseAddress, mbi->RegionSize))
        return fail(d, ERROR_OUTOFMEMORY);
    return TRUE;
}

/* ---- streams ------------------------------------------------------------------------------- */

struct dir
{
    MINIDUMP_DIRECTORY *entries;
    DWORD count, cap;
};

static void dir_add(struct dir *dir, ULONG32 type, DWORD rva, ULONG32 size)
{
    if (dir->count >= dir->cap) return;
    dir->entries[dir->count].StreamType = type;
    dir->entries[dir->count].Location.Rva = rva;
    dir->entries[dir->count].Location.DataSize = size;
    dir->count++;
}

/* The RVA of [start, start + size) in the memory list, or 0. */
static DWORD memory_rva(const struct dump *d, ULONG64 start, ULONG64 size)
{
    size_t i;

    if (d->type & MiniDumpWithFullMemory)
    {
        ULONG64 rva = d->full_rva;

        for (i = 0; i < d->nfull; i++)
        {
            const struct mdmp_range *r = &d->full[i];

            if (start >= r->start && start < r->start + r->size)
            {
                /* Following regions must be adjacent for the bytes to be
                 * contiguous in the file. */
                ULONG64 end = start + size, covered = r->start + r->size;
                size_t j = i + 1;

                while (covered < end && j < d->nfull && d->full[j].start == covered)
                    covered += d->full[j++].size;
                rva += start - r->start;
                return covered >= end && rva <= 0xffffffffu ? (DWORD)rva : 0;
            }
            rva += r->size;
        }
        return 0;
    }
    for (i = 0; i < d->nranges; i++)
    {
        const struct mdmp_range *r = &d->ranges[i];

        if (start >= r->start && start + size <= r->start + r->size)
            return d->range_rvas[i] + (DWORD)(start - r->start);
    }
    return 0;
}

static void write_thread_list(struct dump *d, struct out *o, struct dir *dir)
{
    DWORD i, n = 0, rva, k;
    MINIDUMP_THREAD *th;

    for (i = 0; i < d->nthreads; i++) n++;
    rva = out_reserve(o, 4 + n * sizeof(MINIDUMP_THREAD), 4);
    if (o->failed) return;
    memcpy(o->data + rva, &n, 4);
    for (i = 0, k = 0; i < d->nthreads; i++, k++)
    {
        struct dump_thread *t = &d->threads[i];
        MINIDUMP_THREAD rec;

        memset(&rec, 0, sizeof(rec));
        rec.ThreadId = t->tid;
        rec.SuspendCount = t->suspend_count;
        rec.PriorityClass = GetPriorityClass(d->process);
        rec.Priority = t->priority;
        rec.Teb = t->teb;
        if (t->stack.size)
        {
            rec.Stack.StartOfMemoryRange = t->stack.start;
            rec.Stack.Memory.DataSize = (ULONG32)t->stack.size;
            rec.Stack.Memory.Rva = memory_rva(d, t->stack.start, t->stack.size);
        }
        if (t->have_ctx && (t->flags & ThreadWriteContext))
        {
            rec.ThreadContext.Rva = out_append(o, &t->ctx, context_size(d), 16);
            rec.ThreadContext.DataSize = context_size(d);
        }
        if (o->failed) return;
        th = (MINIDUMP_THREAD *)(o->data + rva + 4);
        memcpy(&th[k], &rec, sizeof(rec));
    }
    dir_add(dir, ThreadListStream, rva, 4 + n * sizeof(MINIDUMP_THREAD));
}

static void write_thread_info(struct dump *d, struct out *o, struct dir *dir)
{
    MINIDUMP_THREAD_INFO_LIST hdr;
    DWORD i, rva, n = 0;

    for (i = 0; i < d->nthreads; i++)
        if (d->threads[i].flags & ThreadWriteThreadInfo) n++;
    hdr.SizeOfHeader = sizeof(hdr);
    hdr.SizeOfEntry = sizeof(MINIDUMP_THREAD_INFO);
    hdr.NumberOfEntries = n;
    rva = out_append(o, &hdr, sizeof(hdr), 8);
    for (i = 0; i < d->nthreads; i++)
    {
        struct dump_thread *t = &d->threads[i];
        MINIDUMP_THREAD_INFO info;

        if (!(t->flags & ThreadWriteThreadInfo)) continue;
        memset(&info, 0, sizeof(info));
        info.ThreadId = t->tid;
        if (!t->have_ctx) info.DumpFlags |= MINIDUMP_THREAD_INFO_INVALID_CONTEXT;
        if (!t->teb) info.DumpFlags |= MINIDUMP_THREAD_INFO_INVALID_TEB;
        if (t->exit_code != STILL_ACTIVE) info.DumpFlags |= MINIDUMP_THREAD_INFO_EXITED_THREAD;
        info.ExitStatus = t->exit_code;
        memcpy(&info.CreateTime, &t->times[0], 8);
        memcpy(&info.ExitTime, &t->times[1], 8);
        memcpy(&info.KernelTime, &t->times[2], 8);
        memcpy(&info.UserTime, &t->times[3], 8);
        info.StartAddress = t->start_address;
        info.Affinity = t->have_basic ? t->basic.affinity : 0;
        out_append(o, &info, sizeof(info), 4);
    }
    dir_add(dir, ThreadInfoListStream, rva, sizeof(hdr) + n * sizeof(MINIDUMP_THREAD_INFO));
}

static void write_thread_names(struct dump *d, struct out *o, struct dir *dir)
{
    DWORD i, rva, n = d->nthreads;
    MINIDUMP_THREAD_NAME *names;

    rva = out_reserve(o, 4 + n * sizeof(MINIDUMP_THREAD_NAME), 4);
    if (o->failed) return;
    memcpy(o->data + rva, &n, 4);
    for (i = 0; i < n; i++)
    {
        DWORD srva = out_string(o, d->threads[i].name);
        MINIDUMP_THREAD_NAME rec;

        if (o->failed) return;
        rec.ThreadId = d->threads[i].tid;
        rec.RvaOfThreadName = srva;
        names = (MINIDUMP_THREAD_NAME *)(o->data + rva + 4);
        memcpy(&names[i], &rec, sizeof(rec));
    }
    dir_add(dir, ThreadNamesStream, rva, 4 + n * sizeof(MINIDUMP_THREAD_NAME));
}

static void write_module_list(struct dump *d, struct out *o, struct dir *dir)
{
    DWORD i, rva, n = d->nmodules;

    rva = out_reserve(o, 4 + n * sizeof(MINIDUMP_MODULE), 4);
    if (o->failed) return;
    memcpy(o->data + rva, &n, 4);
    for (i = 0; i < n; i++)
    {
        struct dump_module *m = &d->modules[i];
        const WCHAR *name = m->path;
        MINIDUMP_MODULE rec;

        memset(&rec, 0, sizeof(rec));
        rec.BaseOfImage = m->base;
        rec.SizeOfImage = m->size;
        rec.CheckSum = m->checksum;
        rec.TimeDateStamp = m->timestamp;
        /* MiniDumpFilterModulePaths: the file name alone. */
        if (d->type & MiniDumpFilterModulePaths) name = file_part(name);
        rec.ModuleNameRva = out_string(o, name);
        rec.VersionInfo = m->version;
        if (m->cv && (m->flags & ModuleWriteCvRecord))
        {
            rec.CvRecord.Rva = out_append(o, m->cv, m->cv_size, 4);
            rec.CvRecord.DataSize = m->cv_size;
        }
        if (m->misc && (m->flags & ModuleWriteMiscRecord))
        {
            rec.MiscRecord.Rva = out_append(o, m->misc, m->misc_size, 4);
            rec.MiscRecord.DataSize = m->misc_size;
        }
        if (o->failed) return;
        memcpy(o->data + rva + 4 + i * sizeof(MINIDUMP_MODULE), &rec, sizeof(rec));
    }
    dir_add(dir, ModuleListStream, rva, 4 + n * sizeof(MINIDUMP_MODULE));
}

/* One entry of the unload trace, as far as the dump needs it. */
struct unloaded
{
    MINIDUMP_UNLOADED_MODULE rec;
    WCHAR name[33];
};

/* The target's unload event trace (RtlGetUnloadEventTraceEx): entries of
 * RTL_UNLOAD_EVENT_TRACE (BaseAddress, SizeOfImage, Sequence,
 * TimeDateStamp, CheckSum, ImageName[32], Version[2]).  ntdll is mapped at
 * the same address in every process of a bitness, so the pointers it gives
 * hold in the target too.  Returns a malloc'ed array. */
static struct unloaded *read_unload_trace(struct dump *d, ULONG *count)
{
    static rtl_unload_trace_fn trace_fn;
    static BOOL looked;
    ULONG *size_p = NULL, *count_p = NULL, esize = 0, n = 0, i;
    void *array_p = NULL;
    ULONG_PTR array = 0;
    struct unloaded *list;
    BYTE e[0x400];

    *count = 0;
    if (!looked)
    {
        trace_fn = (rtl_unload_trace_fn)ntdll_proc("RtlGetUnloadEventTraceEx");
        looked = TRUE;
    }
    /* Our ntdll's trace says nothing of a WOW64 target's 32-bit one. */
    if (!trace_fn || d->wow64) return NULL;
    trace_fn(&size_p, &count_p, &array_p);
    if (!size_p || !count_p || !array_p || !read_target(d, (ULONG_PTR)size_p, &esize, 4) ||
        !read_target(d, (ULONG_PTR)count_p, &n, 4) ||
        !read_target(d, (ULONG_PTR)array_p, &array, sizeof(array)) || !array)
        return NULL;
    if (esize < sizeof(void *) * 2 + 12 + 64 || esize > sizeof(e) || n > 0x1000) return NULL;
    if (!(list = calloc(n ? n : 1, sizeof(*list)))) return NULL;
    for (i = 0; i < n; i++)
    {
        struct unloaded *u = &list[*count];
        ULONG_PTR base, size;
        size_t at = sizeof(void *) * 2 + 4;

        if (!read_target(d, array + (ULONG64)i * esize, e, esize)) break;
        memcpy(&base, e, sizeof(base));
        memcpy(&size, e + sizeof(base), sizeof(size));
        if (!base) continue;
        u->rec.BaseOfImage = base;
        u->rec.SizeOfImage = (ULONG32)size;
        memcpy(&u->rec.TimeDateStamp, e + at, 4);
        memcpy(&u->rec.CheckSum, e + at + 4, 4);
        memcpy(u->name, e + at + 8, 64);
        u->name[32] = 0;
        (*count)++;
    }
    return list;
}

static void write_unloaded_modules(struct dump *d, struct out *o, struct dir *dir)
{
    MINIDUMP_UNLOADED_MODULE_LIST hdr;
    ULONG n, i;
    struct unloaded *list = read_unload_trace(d, &n);
    DWORD rva;

    hdr.SizeOfHeader = sizeof(hdr);
    hdr.SizeOfEntry = sizeof(MINIDUMP_UNLOADED_MODULE);
    hdr.NumberOfEntries = n;
    rva = out_reserve(o, sizeof(hdr) + n * sizeof(MINIDUMP_UNLOADED_MODULE), 4);
    for (i = 0; i < n && !o->failed; i++)
    {
        list[i].rec.ModuleNameRva = out_string(o, list[i].name);
        if (!o->failed)
            memcpy(o->data + rva + sizeof(hdr) + i * sizeof(MINIDUMP_UNLOADED_MODULE), &list[i].rec,
                   sizeof(list[i].rec));
    }
    free(list);
    if (o->failed) return;
    memcpy(o->data + rva, &hdr, sizeof(hdr));
    dir_add(dir, UnloadedModuleListStream, rva, sizeof(hdr) + n * sizeof(MINIDUMP_UNLOADED_MODULE));
}

static void write_exception(struct dump *d, struct out *o, struct dir *dir)
{
    MINIDUMP_EXCEPTION_STREAM rec;
    DWORD i, rva;

    memset(&rec, 0, sizeof(rec));
    rec.ThreadId = d->exc_tid;
    rec.ExceptionRecord.ExceptionCode = d->exc_rec.ExceptionCode;
    rec.ExceptionRecord.ExceptionFlags = d->exc_rec.ExceptionFlags;
    rec.ExceptionRecord.ExceptionRecord = (ULONG_PTR)d->exc_rec.ExceptionRecord;
    rec.ExceptionRecord.ExceptionAddress = (ULONG_PTR)d->exc_rec.ExceptionAddress;
    rec.ExceptionRecord.NumberParameters = d->exc_rec.NumberParameters;
    /* Only the parameters the record has: the rest stay zero. */
    for (i = 0; i < d->exc_rec.NumberParameters && i < EXCEPTION_MAXIMUM_PARAMETERS; i++)
        rec.ExceptionRecord.ExceptionInformation[i] = d->exc_rec.ExceptionInformation[i];
    rva = out_reserve(o, sizeof(rec), 8);
    rec.ThreadContext.Rva = out_append(o, &d->exc_ctx, context_size(d), 16);
    rec.ThreadContext.DataSize = context_size(d);
    if (o->failed) return;
    memcpy(o->data + rva, &rec, sizeof(rec));
    dir_add(dir, ExceptionStream, rva, sizeof(rec));
}

static void cpu_info(MINIDUMP_SYSTEM_INFO *si)
{
    unsigned int a, b, c, dx;

    if (!__get_cpuid(0, &a, &b, &c, &dx)) return;
    si->Cpu.X86CpuInfo.VendorId[0] = b;
    si->Cpu.X86CpuInfo.VendorId[1] = dx;
    si->Cpu.X86CpuInfo.VendorId[2] = c;
    if (__get_cpuid(1, &a, &b, &c, &dx))
    {
        si->Cpu.X86CpuInfo.VersionInformation = a;
        si->Cpu.X86CpuInfo.FeatureInformation = dx;
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &dx)) si->Cpu.X86CpuInfo.AMDExtendedCpuFeatures = dx;
}

static void write_system_info(struct dump *d, struct out *o, struct dir *dir)
{
    static rtl_get_version_fn get_version;
    MINIDUMP_SYSTEM_INFO si;
    SYSTEM_INFO sys;
    OSVERSIONINFOEXW ver;
    DWORD rva;

    if (!get_version) get_version = (rtl_get_version_fn)ntdll_proc("RtlGetVersion");
    memset(&si, 0, sizeof(si));
    memset(&ver, 0, sizeof(ver));
    ver.dwOSVersionInfoSize = sizeof(ver);
    if (get_version) get_version(&ver);
    GetNativeSystemInfo(&sys);
    si.ProcessorArchitecture = d->machine == IMAGE_FILE_MACHINE_I386 ? PROCESSOR_ARCHITECTURE_INTEL
                                                                     : sys.wProcessorArchitecture;
    si.ProcessorLevel = sys.wProcessorLevel;
    si.ProcessorRevision = sys.wProcessorRevision;
    si.NumberOfProcessors = (UCHAR)(sys.dwNumberOfProcessors > 255 ? 255 : sys.dwNumberOfProcessors);
    si.ProductType = ver.wProductType;
    si.MajorVersion = ver.dwMajorVersion;
    si.MinorVersion = ver.dwMinorVersion;
    si.BuildNumber = ver.dwBuildNumber;
    si.PlatformId = ver.dwPlatformId;
    si.SuiteMask = ver.wSuiteMask;
    cpu_info(&si);
    rva = out_reserve(o, sizeof(si), 8);
    si.CSDVersionRva = out_string(o, ver.szCSDVersion);
    if (o->failed) return;
    memcpy(o->data + rva, &si, sizeof(si));
    dir_add(dir, SystemInfoStream, rva, sizeof(si));
}

static ULONG32 seconds_1970(const FILETIME *ft)
{
    ULONG64 t = ((ULONG64)ft->dwHighDateTime << 32) | ft->dwLowDateTime;

    if (t < 116444736000000000ull) return 0;
    return (ULONG32)((t - 116444736000000000ull) / 10000000);
}

static ULONG32 seconds_of(const FILETIME *ft)
{
    return (ULONG32)((((ULONG64)ft->dwHighDateTime << 32) | ft->dwLowDateTime) / 10000000);
}

/* The build string Windows keeps in its registry (BuildLabEx). */
static BOOL build_string(WCHAR *out, DWORD len)
{
    typedef LONG (WINAPI *reg_get_value_fn)(HKEY, const WCHAR *, const WCHAR *, DWORD, DWORD *, void *, DWORD *);
    reg_get_value_fn get = (reg_get_value_fn)kernel_proc("RegGetValueW");
    DWORD size = len * sizeof(WCHAR);

    if (!get) return FALSE;
    return !get(HKEY_LOCAL_MACHINE, L"Software\\Microsoft\\Windows NT\\CurrentVersion", L"BuildLabEx",
                0x0002 /* RRF_RT_REG_SZ */, NULL, out, &size) ||
           (size = len * sizeof(WCHAR),
            !get(HKEY_LOCAL_MACHINE, L"Software\\Microsoft\\Windows NT\\CurrentVersion", L"BuildLab",
                 0x0002, NULL, out, &size));
}

static void write_misc_info(struct dump *d, struct out *o, struct dir *dir)
{
    static nt_query_process_fn query_process;
    static nt_power_fn power;
    static get_xstate_features_fn xstate;
    static BOOL looked;
    DBG_MINIDUMP_MISC_INFO_5 mi;
    FILETIME times[4];
    ULONG flags = 0;

    if (!looked)
    {
        query_process = (nt_query_process_fn)ntdll_proc("NtQueryInformationProcess");
        power = (nt_power_fn)ntdll_proc("NtPowerInformation");
        xstate = (get_xstate_features_fn)kernel_proc("GetEnabledXStateFeatures");
        looked = TRUE;
    }
    memset(&mi, 0, sizeof(mi));
    mi.SizeOfInfo = sizeof(mi);
    mi.Flags1 = MINIDUMP_MISC1_PROCESS_ID;
    mi.ProcessId = d->pid;
    if (GetProcessTimes(d->process, &times[0], &times[1], &times[2], &times[3]))
    {
        mi.Flags1 |= MINIDUMP_MISC1_PROCESS_TIMES;
        mi.ProcessCreateTime = seconds_1970(&times[0]);
        mi.ProcessKernelTime = seconds_of(&times[2]);
        mi.ProcessUserTime = seconds_of(&times[3]);
    }
    if (power)
    {
        /* PROCESSOR_POWER_INFORMATION per processor: Number, MaxMhz,
         * CurrentMhz, MhzLimit, MaxIdleState, CurrentIdleState. */
        ULONG info[64 * 6];
        SYSTEM_INFO sys;

        GetSystemInfo(&sys);
        if (sys.dwNumberOfProcessors <= 64 &&
            !power(11 /* ProcessorInformation */, NULL, 0, info, sys.dwNumberOfProcessors * 24))
        {
            mi.Flags1 |= MINIDUMP_MISC1_PROCESSOR_POWER_INFO;
            mi.ProcessorMaxMhz = info[1];
            mi.ProcessorCurrentMhz = info[2];
            mi.ProcessorMhzLimit = info[3];
            mi.ProcessorMaxIdleState = info[4];
            mi.ProcessorCurrentIdleState = info[5];
        }
    }
    if (query_process &&
        !query_process(d->process, 34 /* ProcessExecuteFlags */, &flags, sizeof(flags), NULL))
    {
        mi.Flags1 |= MINIDUMP_MISC3_PROCESS_EXECUTE_FLAGS;
        mi.ProcessExecuteFlags = flags;
    }
    {
        DWORD id = GetTimeZoneInformation(&mi.TimeZone);

        if (id != TIME_ZONE_ID_INVALID)
        {
            mi.Flags1 |= MINIDUMP_MISC3_TIMEZONE;
            mi.TimeZoneId = id;
        }
    }
    if (build_string(mi.BuildString, ARRAY_SIZE(mi.BuildString)))
    {
        mi.BuildString[ARRAY_SIZE(mi.BuildString) - 1] = 0;
        mi.Flags1 |= MINIDUMP_MISC4_BUILDSTRING;
    }
    wcscpy(mi.DbgBldStr, L"dbghelp (wine-style, mingw)");
    mi.XStateData.SizeOfInfo = sizeof(mi.XStateData);
    if (xstate) mi.XStateData.EnabledFeatures = xstate();
    mi.XStateData.ContextSize = context_size(d);
    if (mi.XStateData.EnabledFeatures & 1) { mi.XStateData.Features[0].Offset = 0; mi.XStateData.Features[0].Size = 160; }
    if (mi.XStateData.EnabledFeatures & 2) { mi.XStateData.Features[1].Offset = 160; mi.XStateData.Features[1].Size = 256; }
    if (mi.XStateData.EnabledFeatures & 4) { mi.XStateData.Features[2].Offset = 576; mi.XStateData.Features[2].Size = 256; }
    dir_add(dir, MiscInfoStream, out_append(o, &mi, sizeof(mi), 8), sizeof(mi));
}

static void write_vm_counters(struct dump *d, struct out *o, struct dir *dir)
{
    static nt_query_process_fn query_process;
    DBG_MINIDUMP_PROCESS_VM_COUNTERS_2 vm;
    /* VM_COUNTERS_EX2: VM_COUNTERS_EX, then PrivateWorkingSetSize and
     * SharedCommitUsage. */
    SIZE_T c[16];
    ULONG got = 0;

    if (!query_process) query_process = (nt_query_process_fn)ntdll_proc("NtQueryInformationProcess");
    memset(&vm, 0, sizeof(vm));
    memset(c, 0, sizeof(c));
    vm.Revision = 2;
    if (query_process && !query_process(d->process, 3 /* ProcessVmCounters */, c, sizeof(c), &got))
    {
        /* PeakVirtualSize, VirtualSize, PageFaultCount (ULONG padded),
         * PeakWorkingSetSize, WorkingSetSize, QuotaPeakPagedPoolUsage,
         * QuotaPagedPoolUsage, QuotaPeakNonPagedPoolUsage,
         * QuotaNonPagedPoolUsage, PagefileUsage, PeakPagefileUsage,
         * PrivateUsage. */
        vm.Flags = MINIDUMP_PROCESS_VM_COUNTERS | MINIDUMP_PROCESS_VM_COUNTERS_VIRTUALSIZE;
        vm.PeakVirtualSize = c[0];
        vm.VirtualSize = c[1];
        vm.PageFaultCount = (ULONG)c[2];
        vm.PeakWorkingSetSize = c[3];
        vm.WorkingSetSize = c[4];
        vm.QuotaPeakPagedPoolUsage = c[5];
        vm.QuotaPagedPoolUsage = c[6];
        vm.QuotaPeakNonPagedPoolUsage = c[7];
        vm.QuotaNonPagedPoolUsage = c[8];
        vm.PagefileUsage = c[9];
        vm.PeakPagefileUsage = c[10];
        if (got >= 12 * sizeof(SIZE_T))
        {
            vm.Flags |= MINIDUMP_PROCESS_VM_COUNTERS_EX;
            vm.PrivateUsage = c[11];
        }
    }
    dir_add(dir, ProcessVmCountersStream, out_append(o, &vm, sizeof(vm), 8), sizeof(vm));
}

/* SystemMemoryInfoStream: MINIDUMP_SYSTEM_MEMORY_INFO_1 (0x1ec bytes,
 * packed to 4: Revision, Flags, then the basic, file-cache, basic
 * performance and performance information at 0x4, 0x38, 0x74, 0x94), as
 * Windows 10 writes in every dump; from the system's own information
 * classes, each field at its offset. */
#define SYSMEM_SIZE 0x1ec
static void put32(BYTE *p, DWORD v) { memcpy(p, &v, 4); }
static void put64(BYTE *p, ULONG64 v) { memcpy(p, &v, 8); }

static void write_system_memory_info(struct dump *d, struct out *o, struct dir *dir)
{
    static nt_query_system_fn query;
    BYTE rec[SYSMEM_SIZE];
    ULONG_PTR basic[16], cache[16];
    BYTE perf[0x200];
    PERFORMANCE_INFORMATION pi;
    USHORT flags = 0;
    ULONG got = 0;

    (void)d;
    if (!query) query = (nt_query_system_fn)ntdll_proc("NtQuerySystemInformation");
    memset(rec, 0, sizeof(rec));
    rec[0] = 1; /* Revision */
    memset(basic, 0, sizeof(basic));
    /* SYSTEM_BASIC_INFORMATION: Reserved, TimerResolution, PageSize,
     * NumberOfPhysicalPages, Lowest/HighestPhysicalPageNumber,
     * AllocationGranularity (ULONGs), then MinimumUserModeAddress,
     * MaximumUserModeAddress, ActiveProcessorsAffinityMask (pointer-sized,
     * aligned), NumberOfProcessors (a CCHAR). */
    /* (Its exact size, which Wine checks: 64 bytes on x86_64, 44 on i386.) */
    if (query && !query(0 /* SystemBasicInformation */, basic,
                        ((7 * 4 + sizeof(ULONG_PTR) - 1) & ~(sizeof(ULONG_PTR) - 1)) + 4 * sizeof(ULONG_PTR), NULL))
    {
        const BYTE *b = (const BYTE *)basic;
        size_t ptrs = (7 * 4 + sizeof(ULONG_PTR) - 1) & ~(sizeof(ULONG_PTR) - 1);
        ULONG_PTR v[3];

        memcpy(rec + 0x4, b + 4, 6 * 4);
        memcpy(v, b + ptrs, sizeof(v));
        put64(rec + 0x1c, v[0]);
        put64(rec + 0x24, v[1]);
        put64(rec + 0x2c, v[2]);
        put32(rec + 0x34, b[ptrs + sizeof(v)]);
    }
    /* SYSTEM_FILECACHE_INFORMATION: CurrentSize, PeakSize, PageFaultCount,
     * Minimum/MaximumWorkingSet, Current/PeakSizeIncludingTransitionInPages,
     * TransitionRePurposeCount, Flags. */
    memset(cache, 0, sizeof(cache));
    if (query && !query(21 /* SystemFileCacheInformation */, cache, sizeof(cache), &got))
    {
        put64(rec + 0x38, cache[0]);
        put64(rec + 0x40, cache[1]);
        put32(rec + 0x48, (DWORD)cache[2]);
        put64(rec + 0x4c, cache[3]);
        put64(rec + 0x54, cache[4]);
        put64(rec + 0x5c, cache[5]);
        put64(rec + 0x64, cache[6]);
        if (got >= 8 * sizeof(ULONG_PTR))
        {
            memcpy(rec + 0x6c, &cache[7], 8);
            flags |= 0x1; /* MINIDUMP_SYSMEMINFO1_FILECACHE_TRANSITIONREPURPOSECOUNT_FLAGS */
        }
    }
    memset(&pi, 0, sizeof(pi));
    if (K32GetPerformanceInfo(&pi, sizeof(pi)))
    {
        put64(rec + 0x74, pi.PhysicalAvailable);
        put64(rec + 0x7c, pi.CommitTotal);
        put64(rec + 0x84, pi.CommitLimit);
        put64(rec + 0x8c, pi.CommitPeak);
        flags |= 0x2; /* MINIDUMP_SYSMEMINFO1_BASICPERF */
    }
    /* SYSTEM_PERFORMANCE_INFORMATION has the record's layout on both
     * bitnesses (its 64-bit fields fall on 8-byte offsets). */
    memset(perf, 0, sizeof(perf));
    got = 0;
    if (query && !query(2 /* SystemPerformanceInformation */, perf, sizeof(perf), &got))
    {
        if (got > 0x158) got = 0x158;
        memcpy(rec + 0x94, perf, got);
        if (got >= 0x148) flags |= 0x4; /* ..._PERF_CCTOTALDIRTYPAGES_CCDIRTYPAGETHRESHOLD */
        if (got >= 0x158) flags |= 0x8; /* ..._PERF_RESIDENTAVAILABLEPAGES_SHAREDCOMMITPAGES */
    }
    memcpy(rec + 2, &flags, 2);
    dir_add(dir, 21 /* SystemMemoryInfoStream */, out_append(o, rec, sizeof(rec), 8), sizeof(rec));
}

static BOOL info_region(struct dump *d, const MEMORY_BASIC_INFORMATION *mbi, void *ctx)
{
    struct out *o = ctx;
    MINIDUMP_MEMORY_INFO info;

    (void)d;
    memset(&info, 0, sizeof(info));
    info.BaseAddress = (ULONG_PTR)mbi->BaseAddress;
    info.AllocationBase = (ULONG_PTR)mbi->AllocationBase;
    info.AllocationProtect = mbi->AllocationProtect;
    info.RegionSize = mbi->RegionSize;
    info.State = mbi->State;
    info.Protect = mbi->Protect;
    info.Type = mbi->Type;
    out_append(o, &info, sizeof(info), 8);
    return !o->failed;
}

static void write_memory_info(struct dump *d, struct out *o, struct dir *dir)
{
    MINIDUMP_MEMORY_INFO_LIST hdr;
    ULONG64 n;
    DWORD rva;

    hdr.SizeOfHeader = sizeof(hdr);
    hdr.SizeOfEntry = sizeof(MINIDUMP_MEMORY_INFO);
    hdr.NumberOfEntries = 0;
    rva = out_append(o, &hdr, sizeof(hdr), 8);
    walk_regions(d, info_region, o);
    if (o->failed) return;
    n = (o->len - rva - sizeof(hdr)) / sizeof(MINIDUMP_MEMORY_INFO);
    memcpy(o->data + rva + offsetof(MINIDUMP_MEMORY_INFO_LIST, NumberOfEntries), &n, 8);
    dir_add(dir, MemoryInfoListStream, rva, (ULONG32)(sizeof(hdr) + n * sizeof(MINIDUMP_MEMORY_INFO)));
}

/* ---- handles (MiniDumpWithHandleData) ------------------------------------ */

/* SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX, of SystemExtendedHandleInformation. */
struct handle_entry
{
    void *object;
    ULONG_PTR pid;
    ULONG_PTR handle;
    ULONG access;
    USHORT backtrace;
    USHORT type_index;
    ULONG attributes;
    ULONG reserved;
};

typedef LONG (WINAPI *nt_query_object_fn)(HANDLE, ULONG, void *, ULONG, ULONG *);

/* The handle table of the system, malloc'ed: NumberOfHandles, Reserved,
 * then the entries. */
static BYTE *system_handles(ULONG_PTR *count)
{
    static nt_query_system_fn query;
    ULONG size = 0x10000, got = 0;
    BYTE *buf = NULL;
    int tries;

    if (!query && !(query = (nt_query_system_fn)ntdll_proc("NtQuerySystemInformation"))) return NULL;
    for (tries = 0; tries < 8; tries++)
    {
        LONG status;
        BYTE *grown = realloc(buf, size);

        if (!grown) break;
        buf = grown;
        status = query(64 /* SystemExtendedHandleInformation */, buf, size, &got);
        if (!status)
        {
            memcpy(count, buf, sizeof(*count));
            if (*count > (size - 2 * sizeof(ULONG_PTR)) / sizeof(struct handle_entry)) break;
            return buf;
        }
        if (status != (LONG)0xc0000004 /* STATUS_INFO_LENGTH_MISMATCH */ || size >= 0x4000000) break;
        size = got > size ? got + 0x1000 : size * 2;
    }
    free(buf);
    return NULL;
}

/* A UNICODE_STRING answer of NtQueryObject, as a NUL-terminated copy. */
static BOOL object_string(HANDLE h, ULONG info_class, WCHAR *out, size_t len)
{
    static nt_query_object_fn query;
    /* UNICODE_STRING: Length, MaximumLength, Buffer. */
    union { struct { USHORT Length, MaximumLength; WCHAR *Buffer; } str; BYTE buf[0x800]; } u;
    ULONG got = 0;
    size_t n;

    out[0] = 0;
    if (!query && !(query = (nt_query_object_fn)ntdll_proc("NtQueryObject"))) return FALSE;
    if (query(h, info_class, &u, sizeof(u), &got) || !u.str.Buffer) return FALSE;
    n = u.str.Length / sizeof(WCHAR);
    if ((BYTE *)u.str.Buffer < u.buf || (BYTE *)(u.str.Buffer + n) > u.buf + sizeof(u)) return FALSE;
    if (n >= len) n = len - 1;
    memcpy(out, u.str.Buffer, n * sizeof(WCHAR));
    out[n] = 0;
    return TRUE;
}

static void write_handle_data(struct dump *d, struct out *o, struct dir *dir)
{
    static nt_query_object_fn query;
    MINIDUMP_HANDLE_DATA_STREAM hdr;
    ULONG_PTR count = 0, i;
    BYTE *table = system_handles(&count);
    const struct handle_entry *e = table ? (const struct handle_entry *)(table + 2 * sizeof(ULONG_PTR)) : NULL;
    DWORD rva, n = 0, at;

    if (!query) query = (nt_query_object_fn)ntdll_proc("NtQueryObject");
    for (i = 0; i < count; i++)
        if (e[i].pid == d->pid) n++;
    hdr.SizeOfHeader = sizeof(hdr);
    hdr.SizeOfDescriptor = sizeof(DBG_MINIDUMP_HANDLE_DESCRIPTOR_2);
    hdr.NumberOfDescriptors = 0;
    hdr.Reserved = 0;
    rva = out_reserve(o, sizeof(hdr) + (size_t)n * sizeof(DBG_MINIDUMP_HANDLE_DESCRIPTOR_2), 8);
    for (i = 0, at = 0; i < count && at < n && !o->failed; i++)
    {
        DBG_MINIDUMP_HANDLE_DESCRIPTOR_2 desc;
        WCHAR type[64], name[MAX_PATH];
        HANDLE dup = NULL;

        if (e[i].pid != d->pid) continue;
        memset(&desc, 0, sizeof(desc));
        desc.Handle = e[i].handle;
        desc.GrantedAccess = e[i].access;
        desc.Attributes = e[i].attributes;
        type[0] = name[0] = 0;
        if (DuplicateHandle(d->process, (HANDLE)e[i].handle, GetCurrentProcess(), &dup, 0, FALSE,
                            DUPLICATE_SAME_ACCESS))
        {
            /* OBJECT_BASIC_INFORMATION: Attributes, GrantedAccess,
             * HandleCount, PointerCount, ... */
            ULONG basic[14];

            if (query && !query(dup, 0 /* ObjectBasicInformation */, basic, sizeof(basic), NULL))
            {
                desc.HandleCount = basic[2];
                desc.PointerCount = basic[3];
            }
            object_string(dup, 2 /* ObjectTypeInformation */, type, ARRAY_SIZE(type));
            /* A pipe's name query may wait on the pipe: not asked. */
            if (wcscmp(type, L"File") || GetFileType(dup) != FILE_TYPE_PIPE)
                object_string(dup, 1 /* ObjectNameInformation */, name, ARRAY_SIZE(name));
            CloseHandle(dup);
        }
        if (type[0]) desc.TypeNameRva = out_string(o, type);
        if (name[0]) desc.ObjectNameRva = out_string(o, name);
        if (o->failed) break;
        memcpy(o->data + rva + sizeof(hdr) + at * sizeof(desc), &desc, sizeof(desc));
        at++;
    }
    free(table);
    if (o->failed) return;
    hdr.NumberOfDescriptors = at;
    memcpy(o->data + rva, &hdr, sizeof(hdr));
    dir_add(dir, HandleDataStream, rva, sizeof(hdr) + at * sizeof(DBG_MINIDUMP_HANDLE_DESCRIPTOR_2));
}

/* MemoryListStream: the descriptors now, the bytes after every stream. */
static DWORD write_memory_list(struct dump *d, struct out *o, struct dir *dir)
{
    DWORD rva, n = (DWORD)d->nranges;

    rva = out_reserve(o, 4 + (size_t)n * sizeof(MINIDUMP_MEMORY_DESCRIPTOR), 4);
    if (o->failed) return 0;
    memcpy(o->data + rva, &n, 4);
    dir_add(dir, MemoryListStream, rva, 4 + n * sizeof(MINIDUMP_MEMORY_DESCRIPTOR));
    return rva;
}

/* A failed read of kept memory: ReadMemoryFailureCallback decides (S_OK:
 * go on with zeros), else MiniDumpIgnoreInaccessibleMemory does. */
static BOOL read_failure(struct dump *d, ULONG64 addr, ULONG size)
{
    DBG_MINIDUMP_CALLBACK_INPUT in;
    DBG_MINIDUMP_CALLBACK_OUTPUT out;

    if (d->cb && d->cb->CallbackRoutine)
    {
        memset(&in, 0, sizeof(in));
        memset(&out, 0, sizeof(out));
        in.ReadMemoryFailure.Offset = addr;
        in.ReadMemoryFailure.Bytes = size;
        in.ReadMemoryFailure.FailureStatus = HRESULT_FROM_WIN32(ERROR_PARTIAL_COPY);
        out.Status = in.ReadMemoryFailure.FailureStatus;
        if (callback(d, ReadMemoryFailureCallback, &in, &out) && out.Status == S_OK) return TRUE;
    }
    if (d->type & MiniDumpIgnoreInaccessibleMemory) return TRUE;
    return fail(d, ERROR_PARTIAL_COPY);
}

/* Read into dst what can be read of [addr, addr + size), page by page
 * when the whole fails; zeros stay where nothing could be read. */
static BOOL read_kept(struct dump *d, ULONG64 addr, BYTE *dst, SIZE_T size)
{
    SIZE_T done;

    if (read_target(d, addr, dst, size)) return TRUE;
    for (done = 0; done < size;)
    {
        SIZE_T chunk = 0x1000 - (SIZE_T)((addr + done) & 0xfff);

        if (chunk > size - done) chunk = size - done;
        if (!read_target(d, addr + done, dst + done, chunk))
        {
            memset(dst + done, 0, chunk);
            if (!read_failure(d, addr + done, (ULONG)chunk)) return FALSE;
        }
        done += chunk;
    }
    return TRUE;
}

/* MiniDumpFilterMemory: of the stacks, only the values a stack trace
 * needs stay (addresses in a module or in a stack); the rest is zeroed. */
static void filter_stacks(const struct dump *d, const struct mdmp_range *r, BYTE *data)
{
    DWORD ptr = pointer_size(d), i;

    for (i = 0; i < d->nthreads; i++)
    {
        const struct mdmp_range *st = &d->threads[i].stack;
        ULONG64 at;

        if (!st->size || st->start < r->start || st->start + st->size > r->start + r->size) continue;
        for (at = st->start; at + ptr <= st->start + st->size; at += ptr)
        {
            BYTE *slot = data + (at - r->start);
            ULONG64 v = 0;
            DWORD k;

            memcpy(&v, slot, ptr);
            for (k = 0; k < d->nmodules; k++)
                if (v >= d->modules[k].base && v - d->modules[k].base < d->modules[k].size) break;
            if (k == d->nmodules && !in_stack(d, v)) memset(slot, 0, ptr);
        }
    }
}

static BOOL write_memory_data(struct dump *d, struct out *o, DWORD list_rva)
{
    size_t i;

    if (!(d->range_rvas = calloc(d->nranges ? d->nranges : 1, sizeof(*d->range_rvas))))
        return fail(d, ERROR_OUTOFMEMORY);
    for (i = 0; i < d->nranges; i++)
    {
        MINIDUMP_MEMORY_DESCRIPTOR desc;
        DWORD rva;

        if (d->ranges[i].size > 0xffffffffu) return fail(d, ERROR_ARITHMETIC_OVERFLOW);
        rva = out_reserve(o, (size_t)d->ranges[i].size, 8);
        if (o->failed) return fail(d, ERROR_OUTOFMEMORY);
        if (!read_kept(d, d->ranges[i].start, o->data + rva, (SIZE_T)d->ranges[i].size)) return FALSE;
        if (d->type & MiniDumpFilterMemory) filter_stacks(d, &d->ranges[i], o->data + rva);
        d->range_rvas[i] = rva;
        desc.StartOfMemoryRange = d->ranges[i].start;
        desc.Memory.DataSize = (ULONG32)d->ranges[i].size;
        desc.Memory.Rva = rva;
        memcpy(o->data + list_rva + 4 + i * sizeof(desc), &desc, sizeof(desc));
    }
    return TRUE;
}

static void write_memory64_list(struct dump *d, struct out *o, struct dir *dir)
{
    size_t i, size = 16 + d->nfull * sizeof(MINIDUMP_MEMORY_DESCRIPTOR64);
    DWORD rva = out_reserve(o, size, 8);
    ULONG64 n = d->nfull;

    if (o->failed) return;
    memcpy(o->data + rva, &n, 8);
    d->full_list_rva = rva;
    /* BaseRva is set once the layout ends. */
    for (i = 0; i < d->nfull; i++)
    {
        MINIDUMP_MEMORY_DESCRIPTOR64 desc;

        desc.StartOfMemoryRange = d->full[i].start;
        desc.DataSize = d->full[i].size;
        memcpy(o->data + rva + 16 + i * sizeof(desc), &desc, sizeof(desc));
    }
    dir_add(dir, Memory64ListStream, rva, (ULONG32)size);
}

/* ---- output ------------------------------------------------------------------------------------ */

static BOOL write_at(struct dump *d, ULONG64 offset, const void *data, DWORD size)
{
    if (d->io_callback)
    {
        DBG_MINIDUMP_CALLBACK_INPUT in;
        DBG_MINIDUMP_CALLBACK_OUTPUT out;

        memset(&in, 0, sizeof(in));
        memset(&out, 0, sizeof(out));
        in.Io.Handle = d->file;
        in.Io.Offset = offset;
        in.Io.Buffer = (void *)data;
        in.Io.BufferBytes = size;
        out.Status = E_FAIL;
        if (!callback(d, IoWriteAllCallback, &in, &out) || out.Status != S_OK)
            return fail(d, ERROR_WRITE_FAULT);
        return TRUE;
    }
    else
    {
        LARGE_INTEGER pos;
        DWORD written;

        pos.QuadPart = offset;
        if (!SetFilePointerEx(d->file, pos, NULL, FILE_BEGIN)) return fail(d, GetLastError());
        if (!WriteFile(d->file, data, size, &written, NULL)) return fail(d, GetLastError());
        if (written != size) return fail(d, ERROR_DISK_FULL);
        return TRUE;
    }
}

/* Copy the full-memory regions from the target to the file. */
static BOOL write_full_data(struct dump *d)
{
    BYTE *buf = malloc(COPY_CHUNK);
    ULONG64 offset = d->full_rva;
    size_t i;

    if (!buf) return fail(d, ERROR_OUTOFMEMORY);
    for (i = 0; i < d->nfull; i++)
    {
        ULONG64 done;

        for (done = 0; done < d->full[i].size;)
        {
            SIZE_T chunk = d->full[i].size - done > COPY_CHUNK ? COPY_CHUNK : (SIZE_T)(d->full[i].size - done);

            if (cancelled(d) || !read_kept(d, d->full[i].start + done, buf, chunk) ||
                !write_at(d, offset, buf, (DWORD)chunk))
            {
                free(buf);
                return FALSE;
            }
            done += chunk;
            offset += chunk;
        }
    }
    free(buf);
    return TRUE;
}

static BOOL write_dump(struct dump *d, const MINIDUMP_USER_STREAM_INFORMATION *user)
{
    struct out o = { 0 };
    struct dir dir;
    MINIDUMP_HEADER hdr;
    DWORD i, list_rva = 0, nuser = user ? user->UserStreamCount : 0;
    BOOL full = (d->type & MiniDumpWithFullMemory) != 0, ok = FALSE;

    if (nuser && !user->UserStreamArray) return fail(d, ERROR_INVALID_PARAMETER);
    dir.cap = 16 + nuser;
    dir.count = 0;
    if (!(dir.entries = calloc(dir.cap, sizeof(*dir.entries)))) return fail(d, ERROR_OUTOFMEMORY);
    out_reserve(&o, sizeof(hdr), 4);
    out_reserve(&o, dir.cap * sizeof(MINIDUMP_DIRECTORY), 4);
    /* The descriptors of the memory list come first so that the stack
     * RVAs of the thread list can point into its data. */
    if (!full) list_rva = write_memory_list(d, &o, &dir);
    else write_memory64_list(d, &o, &dir);
    if (!full && !o.failed && !write_memory_data(d, &o, list_rva)) goto done;
    write_system_info(d, &o, &dir);
    write_misc_info(d, &o, &dir);
    write_module_list(d, &o, &dir);
    if (d->have_exc) write_exception(d, &o, &dir);
    if (d->type & MiniDumpWithThreadInfo) write_thread_info(d, &o, &dir);
    write_thread_names(d, &o, &dir);
    if (d->type & MiniDumpWithUnloadedModules) write_unloaded_modules(d, &o, &dir);
    if (d->type & MiniDumpWithHandleData) write_handle_data(d, &o, &dir);
    if (d->type & MiniDumpWithFullMemoryInfo) write_memory_info(d, &o, &dir);
    write_vm_counters(d, &o, &dir);
    write_system_memory_info(d, &o, &dir);
    for (i = 0; i < nuser; i++)
    {
        const MINIDUMP_USER_STREAM *u = &user->UserStreamArray[i];

        if (u->BufferSize && !u->Buffer)
        {
            fail(d, ERROR_INVALID_PARAMETER);
            goto done;
        }
        dir_add(&dir, u->Type, out_append(&o, u->Buffer, u->BufferSize, 8), u->BufferSize);
    }
    /* The thread list last: with full memory its stack RVAs need the base
     * of the Memory64 data, which follows it. */
    write_thread_list(d, &o, &dir);
    if (o.failed) goto nomem;
    if (full)
    {
        /* The Memory64 data follows every stream: now that its base is
         * known, point the stacks of the thread list into it. */
        DWORD tl = dir.entries[dir.count - 1].Location.Rva;

        d->full_rva = (o.len + 15) & ~(size_t)15;
        for (i = 0; i < d->nthreads; i++)
        {
            MINIDUMP_THREAD *th = (MINIDUMP_THREAD *)(o.data + tl + 4) + i;

            if (th->Stack.Memory.DataSize)
                th->Stack.Memory.Rva = memory_rva(d, th->Stack.StartOfMemoryRange, th->Stack.Memory.DataSize);
        }
        memcpy(o.data + d->full_list_rva + 8, &d->full_rva, 8);
    }

    memset(&hdr, 0, sizeof(hdr));
    hdr.Signature = MDMP_SIGNATURE;
    hdr.Version = MINIDUMP_VERSION;
    hdr.NumberOfStreams = dir.cap;
    hdr.StreamDirectoryRva = sizeof(hdr);
    hdr.TimeDateStamp = (ULONG32)time(NULL);
    hdr.Flags = d->type;
    /* The directory's unused entries stay UnusedStream, as Windows pads. */
    memcpy(o.data + sizeof(hdr), dir.entries, dir.cap * sizeof(MINIDUMP_DIRECTORY));
    if (cancelled(d)) goto done;
    if (!write_at(d, sizeof(hdr), o.data + sizeof(hdr), (DWORD)(o.len - sizeof(hdr)))) goto done;
    if (full)
    {
        /* Zeros up to the 16-byte aligned start of the data. */
        static const BYTE zeros[16];

        if (d->full_rva > o.len && !write_at(d, o.len, zeros, (DWORD)(d->full_rva - o.len))) goto done;
        if (!write_full_data(d)) goto done;
    }
    if (!write_at(d, 0, &hdr, sizeof(hdr))) goto done;
    ok = TRUE;
    goto done;
nomem:
    fail(d, o.len > 0xf0000000u ? ERROR_ARITHMETIC_OVERFLOW : ERROR_OUTOFMEMORY);
done:
    free(o.data);
    free(dir.entries);
    return ok;
}

/* ---- the exception ----------------------------------------------------------------------------- */

static BOOL read_exception(struct dump *d, const MINIDUMP_EXCEPTION_INFORMATION *info)
{
    EXCEPTION_POINTERS ep;

    d->exc_tid = info->ThreadId;
    if (!info->ExceptionPointers) return fail(d, ERROR_INVALID_PARAMETER);
#ifdef _WIN64
    if (info->ClientPointers && d->wow64)
    {
        /* The target's 32-bit EXCEPTION_POINTERS and EXCEPTION_RECORD. */
        DWORD ep32[2], rec32[5 + EXCEPTION_MAXIMUM_PARAMETERS], i;

        if (!read_target(d, (ULONG_PTR)info->ExceptionPointers, ep32, sizeof(ep32)) ||
            !read_target(d, ep32[0], rec32, sizeof(rec32)) ||
            !read_target(d, ep32[1], &d->exc_ctx, sizeof(WOW64_CONTEXT)))
            return fail(d, ERROR_PARTIAL_COPY);
        memset(&d->exc_rec, 0, sizeof(d->exc_rec));
        d->exc_rec.ExceptionCode = rec32[0];
        d->exc_rec.ExceptionFlags = rec32[1];
        d->exc_rec.ExceptionRecord = (void *)(ULONG_PTR)rec32[2];
        d->exc_rec.ExceptionAddress = (void *)(ULONG_PTR)rec32[3];
        d->exc_rec.NumberParameters = rec32[4];
        for (i = 0; i < EXCEPTION_MAXIMUM_PARAMETERS; i++) d->exc_rec.ExceptionInformation[i] = rec32[5 + i];
    }
    else
#endif
    if (info->ClientPointers)
    {
        /* The pointers are the target's. */
        if (!read_target(d, (ULONG_PTR)info->ExceptionPointers, &ep, sizeof(ep)) ||
            !read_target(d, (ULONG_PTR)ep.ExceptionRecord, &d->exc_rec, sizeof(d->exc_rec)) ||
            !read_target(d, (ULONG_PTR)ep.ContextRecord, &d->exc_ctx, context_size(d)))
            return fail(d, ERROR_PARTIAL_COPY);
    }
    else
    {
        /* Ours, read through ReadProcessMemory all the same: a bad
         * pointer fails the call instead of faulting. */
        HANDLE self = GetCurrentProcess();
        SIZE_T got;

        if (!ReadProcessMemory(self, info->ExceptionPointers, &ep, sizeof(ep), &got) ||
            !ep.ExceptionRecord || !ep.ContextRecord ||
            !ReadProcessMemory(self, ep.ExceptionRecord, &d->exc_rec, sizeof(d->exc_rec), &got) ||
            !ReadProcessMemory(self, ep.ContextRecord, &d->exc_ctx, context_size(d), &got))
            return fail(d, ERROR_INVALID_PARAMETER);
    }
    if (d->exc_rec.NumberParameters > EXCEPTION_MAXIMUM_PARAMETERS)
        d->exc_rec.NumberParameters = EXCEPTION_MAXIMUM_PARAMETERS;
    d->have_exc = TRUE;
    return TRUE;
}

/* ---- the entry point -------------------------------------------------------------------------------- */

static WORD process_machine(HANDLE process)
{
#ifdef _WIN64
    BOOL wow64 = FALSE;

    if (IsWow64Process(process, &wow64) && wow64) return IMAGE_FILE_MACHINE_I386;
    return IMAGE_FILE_MACHINE_AMD64;
#else
    BOOL self_wow64 = FALSE, wow64 = FALSE;

    /* We run under WOW64: a target that does not is 64-bit. */
    if (IsWow64Process(GetCurrentProcess(), &self_wow64) && self_wow64 &&
        IsWow64Process(process, &wow64) && !wow64)
        return IMAGE_FILE_MACHINE_AMD64;
    return IMAGE_FILE_MACHINE_I386;
#endif
}

BOOL WINAPI MiniDumpWriteDump(HANDLE process, DWORD pid, HANDLE file, MINIDUMP_TYPE type,
                              PMINIDUMP_EXCEPTION_INFORMATION exception,
                              PMINIDUMP_USER_STREAM_INFORMATION user_streams,
                              PMINIDUMP_CALLBACK_INFORMATION callback_info)
{
    struct dump d;
    DWORD i;
    BOOL ok = FALSE;

    memset(&d, 0, sizeof(d));
    d.process = process;
    d.pid = pid;
    d.file = file;
    d.type = type;
    d.cb = callback_info;
    d.check_cancel = TRUE;
    /* Microsoft's documentation: on failure the last error is an HRESULT. */
    if (type & ~MiniDumpValidTypeFlags)
    {
        SetLastError(HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER));
        return FALSE;
    }
    if (!pid || GetProcessId(process) != pid)
    {
        SetLastError(HRESULT_FROM_WIN32(GetProcessId(process) ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE));
        return FALSE;
    }
    if (!file || file == INVALID_HANDLE_VALUE)
    {
        SetLastError(HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE));
        return FALSE;
    }
    d.self = pid == GetCurrentProcessId();
    d.machine = process_machine(process);
#ifndef _WIN64
    if (d.machine != IMAGE_FILE_MACHINE_I386)
    {
        /* A 64-bit process's contexts do not fit the 32-bit DLL. */
        SetLastError(HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED));
        return FALSE;
    }
#endif
#ifdef _WIN64
    /* A WOW64 target is written as the 32-bit process Wine runs it as: its
     * 32-bit threads, contexts and modules. */
    d.wow64 = d.machine == IMAGE_FILE_MACHINE_I386;
#endif
    callback_notify(&d, IsProcessSnapshotCallback, S_FALSE);
    callback_notify(&d, VmStartCallback, E_NOTIMPL);
    {
        DBG_MINIDUMP_CALLBACK_INPUT in;
        DBG_MINIDUMP_CALLBACK_OUTPUT out;

        memset(&in, 0, sizeof(in));
        memset(&out, 0, sizeof(out));
        callback(&d, SecondaryFlagsCallback, &in, &out);
    }
    if (exception && !read_exception(&d, exception)) goto done;
    if (!gather_threads(&d)) goto done;
    if (cancelled(&d)) goto done;
    if (!gather_modules(&d)) goto done;
    for (i = 0; i < d.nthreads; i++)
    {
        thread_stack_range(&d, &d.threads[i]);
        thread_callback(&d, &d.threads[i]);
    }
    if (!scan_stacks(&d)) goto done;
    for (i = 0; i < d.nmodules; i++) module_callback(&d, &d.modules[i]);
    if (cancelled(&d)) goto done;
    if (type & MiniDumpWithFullMemory)
    {
        if (!walk_regions(&d, full_region, NULL)) goto done;
    }
    else if (!gather_memory(&d)) goto done;
    callback_notify(&d, WriteKernelMinidumpCallback, S_OK);
    if (d.cb && d.cb->CallbackRoutine)
    {
        DBG_MINIDUMP_CALLBACK_INPUT in;
        DBG_MINIDUMP_CALLBACK_OUTPUT out;

        memset(&in, 0, sizeof(in));
        memset(&out, 0, sizeof(out));
        in.Io.Handle = file;
        out.Status = E_NOTIMPL;
        if (callback(&d, IoStartCallback, &in, &out) && out.Status == S_OK) d.io_callback = TRUE;
    }
    ok = write_dump(&d, user_streams);
    if (d.io_callback)
    {
        DBG_MINIDUMP_CALLBACK_INPUT in;
        DBG_MINIDUMP_CALLBACK_OUTPUT out;

        memset(&in, 0, sizeof(in));
        memset(&out, 0, sizeof(out));
        in.Io.Handle = file;
        out.Status = S_OK;
        if (callback(&d, IoFinishCallback, &in, &out) && out.Status != S_OK && ok)
            ok = fail(&d, ERROR_WRITE_FAULT);
    }
done:
    release_threads(&d);
    release_modules(&d);
    free(d.ranges);
    free(d.indirect);
    free(d.range_rvas);
    free(d.full);
    if (!ok && !d.io_callback)
    {
        /* Nothing that claims to be a dump stays behind. */
        LARGE_INTEGER zero;

        zero.QuadPart = 0;
        if (SetFilePointerEx(file, zero, NULL, FILE_BEGIN)) SetEndOfFile(file);
    }
    if (!ok) SetLastError(HRESULT_FROM_WIN32(d.error ? d.error : ERROR_GEN_FAILURE));
    return ok;
}

/* The readable bytes from base on, as VirtualQuery reports them: the
 * dump is given as a pointer alone. */
static size_t readable_from(const void *base)
{
    const BYTE *at = base;
    size_t total = 0;
    MEMORY_BASIC_INFORMATION mbi;

    while (VirtualQuery(at, &mbi, sizeof(mbi)) && readable(&mbi))
    {
        size_t avail = (const BYTE *)mbi.BaseAddress + mbi.RegionSize - at;

        total += avail;
        at += avail;
        if (total > ((size_t)-1 >> 2)) break;
    }
    return total;
}

BOOL WINAPI MiniDumpReadDumpStream(PVOID base, ULONG stream, PMINIDUMP_DIRECTORY *dir,
                                   PVOID *ptr, ULONG *size)
{
    struct byte_view view;
    struct mdmp_stream s;
    uint32_t n, dir_rva;
    int64_t index;

    /* Windows sets no error on these failures (Wine's tests check only
     * the result); ours does not either. */
    if (!base) return FALSE;
    view.data = base;
    view.size = readable_from(base);
    if (mdmp_open(&view, &n, &dir_rva)) return FALSE;
    if ((index = mdmp_find_stream(&view, stream, &s)) < 0) return FALSE;
    if (dir) *dir = (PMINIDUMP_DIRECTORY)((BYTE *)base + dir_rva) + index;
    if (ptr) *ptr = s.size ? (BYTE *)base + s.rva : NULL;
    if (size) *size = s.size;
    return TRUE;
}
