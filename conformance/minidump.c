/*
 * minidump.c: MiniDumpWriteDump and MiniDumpReadDumpStream.
 *
 * Evidence for Windows' behaviour: Microsoft's documentation of the
 * minidump structures and callbacks, and Wine's dlls/dbghelp/tests/
 * minidump.c (Wine's tests pass on Windows; its todo_wine marks are
 * Wine's own gaps): which streams a dump of each type has, the thread
 * list's contents (suspend count 0, CONTEXT_ALL contexts, a stack that
 * reaches the TIB's StackBase), every memory range in a stack or a module
 * section, the exception stream (the caller's context copied as is), the
 * callbacks raised and their preset outputs.
 */
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include <dbghelp.h>
#include <tlhelp32.h>

#define RVA_AT(base, rva) ((void *)((BYTE *)(base) + (rva)))

/* Written here from Microsoft's minidumpapiset.h documentation (packed to
 * 4 bytes, as the whole header is). */
#include <pshpack4.h>
struct t_thread_name { ULONG ThreadId; ULONG64 RvaOfThreadName; };
struct t_thread_name_list { ULONG NumberOfThreadNames; struct t_thread_name names[1]; };
struct t_io_callback { HANDLE Handle; ULONG64 Offset; PVOID Buffer; ULONG BufferBytes; };
#include <poppack.h>

#define DUMP_SIGNATURE 0x504d444du /* "MDMP" */
#define STREAM_THREAD_NAMES 24
#define STREAM_PROCESS_VM_COUNTERS 22

static char dump_path[MAX_PATH];
static const WCHAR main_name[] = L"the minidump test thread";
static HRESULT (WINAPI *pSetThreadDescription)(HANDLE, PCWSTR);

/* Data the dumps must or must not hold. */
static volatile DWORD data_marker[16] = { 0x5eed0001, 0x5eed0002, 0x5eed0003 };
static BYTE extra_memory[0x2000];

static BOOL write_dump(HANDLE process, DWORD pid, MINIDUMP_TYPE type, MINIDUMP_EXCEPTION_INFORMATION *mei,
                       MINIDUMP_USER_STREAM_INFORMATION *user, MINIDUMP_CALLBACK_INFORMATION *cbi,
                       DWORD *error)
{
    HANDLE file = CreateFileA(dump_path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    BOOL ret;

    ok(file != INVALID_HANDLE_VALUE, "cannot create %s: %lu\n", dump_path, GetLastError());
    SetLastError(0xdeadbeef);
    ret = MiniDumpWriteDump(process, pid, file, type, mei, user, cbi);
    if (error) *error = GetLastError();
    CloseHandle(file);
    return ret;
}

struct mapped
{
    HANDLE file, map;
    void *base;
    DWORD size;
};

static void *map_dump(struct mapped *m)
{
    memset(m, 0, sizeof(*m));
    m->file = CreateFileA(dump_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (m->file == INVALID_HANDLE_VALUE) return NULL;
    m->size = GetFileSize(m->file, NULL);
    if (!m->size || !(m->map = CreateFileMappingA(m->file, NULL, PAGE_READONLY, 0, 0, NULL)))
    {
        CloseHandle(m->file);
        return NULL;
    }
    m->base = MapViewOfFile(m->map, FILE_MAP_READ, 0, 0, 0);
    return m->base;
}

static void unmap_dump(struct mapped *m)
{
    if (m->base) UnmapViewOfFile(m->base);
    if (m->map) CloseHandle(m->map);
    if (m->file && m->file != INVALID_HANDLE_VALUE) CloseHandle(m->file);
}

static void *stream(void *dump, ULONG type, ULONG *size)
{
    void *ptr = NULL;
    ULONG got = 0;

    if (size) *size = 0;

    if (!MiniDumpReadDumpStream(dump, type, NULL, &ptr, &got)) return NULL;
    if (size) *size = got;
    return ptr;
}

/* The bytes of [addr, addr + len) from the dump's memory lists, or NULL. */
static const BYTE *dump_memory(void *dump, ULONG64 addr, ULONG len)
{
    MINIDUMP_MEMORY_LIST *list = stream(dump, MemoryListStream, NULL);
    MINIDUMP_MEMORY64_LIST *list64 = stream(dump, Memory64ListStream, NULL);
    ULONG i;

    if (list)
        for (i = 0; i < list->NumberOfMemoryRanges; i++)
        {
            MINIDUMP_MEMORY_DESCRIPTOR *d = &list->MemoryRanges[i];

            if (addr >= d->StartOfMemoryRange && addr + len <= d->StartOfMemoryRange + d->Memory.DataSize)
                return (BYTE *)dump + d->Memory.Rva + (addr - d->StartOfMemoryRange);
        }
    if (list64)
    {
        ULONG64 rva = list64->BaseRva;

        for (i = 0; i < list64->NumberOfMemoryRanges; i++)
        {
            MINIDUMP_MEMORY_DESCRIPTOR64 *d = &list64->MemoryRanges[i];

            if (addr >= d->StartOfMemoryRange && addr + len <= d->StartOfMemoryRange + d->DataSize)
                return (BYTE *)dump + rva + (addr - d->StartOfMemoryRange);
            rva += d->DataSize;
        }
    }
    return NULL;
}

static const MINIDUMP_THREAD *find_thread(void *dump, DWORD tid)
{
    MINIDUMP_THREAD_LIST *list = stream(dump, ThreadListStream, NULL);
    ULONG i;

    for (i = 0; list && i < list->NumberOfThreads; i++)
        if (list->Threads[i].ThreadId == tid) return &list->Threads[i];
    return NULL;
}

static const MINIDUMP_MODULE *find_module(void *dump, ULONG64 base)
{
    MINIDUMP_MODULE_LIST *list = stream(dump, ModuleListStream, NULL);
    ULONG i;

    for (i = 0; list && i < list->NumberOfModules; i++)
        if (list->Modules[i].BaseOfImage == base) return &list->Modules[i];
    return NULL;
}

static BOOL string_is(void *dump, RVA rva, const WCHAR *expect, BOOL tail)
{
    const MINIDUMP_STRING *s = RVA_AT(dump, rva);
    size_t n = wcslen(expect), len = s->Length / sizeof(WCHAR);

    if (len < n || (!tail && len != n)) return FALSE;
    return !_wcsnicmp(s->Buffer + len - n, expect, n) && s->Buffer[len] == 0;
}

static DWORD WINAPI idle_thread(void *event)
{
    WaitForSingleObject(event, INFINITE);
    return 0;
}

static void test_arguments(void)
{
    DWORD error;
    BOOL ret;
    struct mapped m;
    char bogus[64];

    ret = write_dump(GetCurrentProcess(), 0, MiniDumpNormal, NULL, NULL, NULL, &error);
    ok(!ret, "a dump with process id 0 succeeded\n");
    ret = write_dump((HANDLE)(ULONG_PTR)0xdead0, GetCurrentProcessId(), MiniDumpNormal, NULL, NULL, NULL, &error);
    ok(!ret, "a dump with a bad process handle succeeded\n");
    /* A failed dump leaves nothing behind that claims to be one. */
    ok(!map_dump(&m) || ((MINIDUMP_HEADER *)m.base)->Signature != DUMP_SIGNATURE,
       "a failed dump left a dump behind\n");
    unmap_dump(&m);
    SetLastError(0xdeadbeef);
    ret = MiniDumpWriteDump(GetCurrentProcess(), GetCurrentProcessId(), INVALID_HANDLE_VALUE, MiniDumpNormal,
                            NULL, NULL, NULL);
    /* Nothing can be written there (Wine's builtin reports success). */
    todo_wine ok(!ret, "a dump to INVALID_HANDLE_VALUE succeeded\n");

    /* MiniDumpReadDumpStream on what is no dump. */
    memset(bogus, 0, sizeof(bogus));
    ok(!MiniDumpReadDumpStream(bogus, ThreadListStream, NULL, NULL, NULL), "zeros read as a dump\n");

    /* A file that cannot be written: FALSE with the system's error as an
     * HRESULT (Microsoft's documentation), and the file still empty. */
    {
        HANDLE file = CreateFileA(dump_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        HANDLE ro;
        DWORD size;

        CloseHandle(file);
        ro = CreateFileA(dump_path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
        SetLastError(0xdeadbeef);
        ret = MiniDumpWriteDump(GetCurrentProcess(), GetCurrentProcessId(), ro, MiniDumpNormal, NULL, NULL, NULL);
        error = GetLastError();
        size = GetFileSize(ro, NULL);
        CloseHandle(ro);
        /* Wine's builtin ignores its write errors. */
        todo_wine ok(!ret, "a dump to a read-only handle succeeded\n");
        todo_wine ok(error == (DWORD)HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED), "error %#lx\n", error);
        ok(size == 0, "%lu bytes written\n", size);
    }
}

/* Hostile dumps: a directory or a stream past the memory the dump is in
 * fails cleanly (Wine's builtin reads past it and faults: not run). */
static void test_corrupt_dumps(void)
{
    SYSTEM_INFO sys;
    BYTE *page;
    DWORD *h;
    MINIDUMP_DIRECTORY *dir;
    void *ptr;
    ULONG size;

    if (wtest_platform == WTEST_WINE)
    {
        skip("corrupt dumps: Wine's builtin faults on them\n");
        return;
    }
    GetSystemInfo(&sys);
    /* One readable page followed by an inaccessible one. */
    page = VirtualAlloc(NULL, 2 * sys.dwPageSize, MEM_RESERVE, PAGE_NOACCESS);
    VirtualAlloc(page, sys.dwPageSize, MEM_COMMIT, PAGE_READWRITE);
    h = (DWORD *)page;
    h[0] = DUMP_SIGNATURE;
    h[1] = MINIDUMP_VERSION;
    h[2] = 2;            /* NumberOfStreams */
    h[3] = 32;           /* StreamDirectoryRva */
    dir = (MINIDUMP_DIRECTORY *)(page + 32);
    dir[0].StreamType = ThreadListStream;
    dir[0].Location.Rva = 64;
    dir[0].Location.DataSize = 4;
    dir[1].StreamType = ModuleListStream;
    dir[1].Location.Rva = sys.dwPageSize - 8;
    dir[1].Location.DataSize = 0x100; /* runs into the inaccessible page */
    ok(MiniDumpReadDumpStream(page, ThreadListStream, NULL, &ptr, &size) && ptr == page + 64 && size == 4,
       "the valid stream was not read\n");
    ok(!MiniDumpReadDumpStream(page, ModuleListStream, NULL, &ptr, &size), "a stream past the dump was read\n");
    ok(!MiniDumpReadDumpStream(page, MemoryListStream, NULL, &ptr, &size), "an absent stream was read\n");
    h[2] = 0x10000000;   /* a directory past the dump */
    ok(!MiniDumpReadDumpStream(page, ThreadListStream, NULL, &ptr, &size), "a directory past the dump was read\n");
    h[2] = 2;
    h[3] = sys.dwPageSize - 4;
    ok(!MiniDumpReadDumpStream(page, ThreadListStream, NULL, &ptr, &size), "a directory at the end was read\n");
    h[3] = 32;
    h[1] = 0x1234;       /* not MINIDUMP_VERSION */
    ok(!MiniDumpReadDumpStream(page, ThreadListStream, NULL, &ptr, &size), "a wrong version was read\n");
    ok(!MiniDumpReadDumpStream(page + sys.dwPageSize, ThreadListStream, NULL, &ptr, &size),
       "an inaccessible base was read\n");
    VirtualFree(page, 0, MEM_RELEASE);
}

/* A process that has exited: nothing to dump. */
static void test_exited_process(void)
{
    char cmd[MAX_PATH * 2], exe[MAX_PATH];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    struct mapped m;
    DWORD error;
    void *dump;
    BOOL ret;

    /* Wine 8.0's builtin has been seen to fault on it (reading through a
     * pointer of the dead process), in a fresh CI run: not run. */
    if (wtest_platform == WTEST_WINE)
    {
        skip("an exited process: Wine's builtin may fault\n");
        return;
    }
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" no-such-area", exe);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi))
    {
        skip("cannot start a child: %lu\n", GetLastError());
        return;
    }
    WaitForSingleObject(pi.hProcess, 10000);
    ret = write_dump(pi.hProcess, pi.dwProcessId, MiniDumpNormal, NULL, NULL, NULL, &error);
    ok(!ret, "a dump of an exited process succeeded\n");
    dump = map_dump(&m);
    ok(!dump || ((MINIDUMP_HEADER *)dump)->Signature != DUMP_SIGNATURE, "an exited process was dumped\n");
    unmap_dump(&m);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

/* Every range of the memory list lies in a thread's stack or in a section
 * of a loaded module, never in PE headers (Wine's tests, on Windows). */
static void check_memory_ranges(void *dump, unsigned *stacks, unsigned *unknown)
{
    MINIDUMP_MEMORY_LIST *list = stream(dump, MemoryListStream, NULL);
    MINIDUMP_THREAD_LIST *threads = stream(dump, ThreadListStream, NULL);
    ULONG i, j;

    *stacks = *unknown = 0;
    if (!list || !threads) return;
    for (i = 0; i < list->NumberOfMemoryRanges; i++)
    {
        ULONG64 addr = list->MemoryRanges[i].StartOfMemoryRange;
        MEMORY_BASIC_INFORMATION mbi;
        BOOL known = FALSE;

        for (j = 0; j < threads->NumberOfThreads; j++)
            if (threads->Threads[j].Stack.StartOfMemoryRange == addr &&
                threads->Threads[j].Stack.Memory.DataSize == list->MemoryRanges[i].Memory.DataSize)
            {
                (*stacks)++;
                known = TRUE;
            }
        if (!known && VirtualQuery((void *)(ULONG_PTR)addr, &mbi, sizeof(mbi)) && mbi.Type == MEM_IMAGE)
        {
            const IMAGE_DOS_HEADER *dos = mbi.AllocationBase;
            const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)((const BYTE *)dos + dos->e_lfanew);
            ULONG64 hdr_end = (ULONG_PTR)(IMAGE_FIRST_SECTION(nt) + nt->FileHeader.NumberOfSections);

            known = addr >= hdr_end;
        }
        if (!known) (*unknown)++;
    }
}

static void test_normal_dump(void)
{
    static const ULONG expected[] = { ThreadListStream, ModuleListStream, MemoryListStream, SystemInfoStream,
                                      MiscInfoStream, STREAM_PROCESS_VM_COUNTERS };
    MINIDUMP_HEADER *hdr;
    MINIDUMP_THREAD_LIST *threads;
    MINIDUMP_MISC_INFO *misc;
    MINIDUMP_SYSTEM_INFO *si;
    MINIDUMP_DIRECTORY *dir = NULL;
    const MINIDUMP_THREAD *me;
    const MINIDUMP_MODULE *mod;
    struct mapped m;
    HANDLE event, thread;
    DWORD tid, error, i;
    ULONG size;
    unsigned stacks, unknown;
    volatile int local = 42;
    void *ptr;
    BOOL ret;

    event = CreateEventA(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, idle_thread, event, 0, &tid);
    Sleep(50);
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, NULL, NULL, NULL, &error);
    ok(ret, "MiniDumpWriteDump failed: %#lx\n", error);
    SetEvent(event);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle(event);
    if (!ret || !(hdr = map_dump(&m)))
    {
        unmap_dump(&m);
        return;
    }

    ok(hdr->Signature == DUMP_SIGNATURE, "signature %#x\n", hdr->Signature);
    ok((hdr->Version & 0xffff) == MINIDUMP_VERSION, "version %#x\n", hdr->Version);
    ok(hdr->Flags == MiniDumpNormal, "flags %#I64x\n", hdr->Flags);
    ok(hdr->NumberOfStreams >= ARRAY_SIZE(expected), "%u streams\n", hdr->NumberOfStreams);
    for (i = 0; i < ARRAY_SIZE(expected); i++)
    {
        ret = MiniDumpReadDumpStream(hdr, expected[i], &dir, &ptr, &size);
        todo_wine_if(expected[i] == STREAM_PROCESS_VM_COUNTERS)
        ok(ret && ptr && size, "stream %lu missing\n", expected[i]);
        if (ret)
        {
            ok(dir && dir->StreamType == expected[i], "directory entry of stream %lu wrong\n", expected[i]);
            ok(dir && RVA_AT(hdr, dir->Location.Rva) == ptr && dir->Location.DataSize == size,
               "directory entry and stream of %lu disagree\n", expected[i]);
        }
    }
    ok(!stream(hdr, ExceptionStream, NULL), "exception stream without exception\n");
    ok(!stream(hdr, Memory64ListStream, NULL), "Memory64 list in a normal dump\n");
    ok(!stream(hdr, ThreadInfoListStream, NULL), "thread info without MiniDumpWithThreadInfo\n");
    ok(!stream(hdr, UnloadedModuleListStream, NULL), "unloaded modules without the flag\n");
    /* Absent out parameters are allowed. */
    ok(MiniDumpReadDumpStream(hdr, ThreadListStream, NULL, NULL, NULL), "NULL out parameters refused\n");

    threads = stream(hdr, ThreadListStream, &size);
    ok(threads && size == 4 + threads->NumberOfThreads * sizeof(MINIDUMP_THREAD), "thread list size %lu\n", size);
    for (i = 0; threads && i < threads->NumberOfThreads; i++)
    {
        const MINIDUMP_THREAD *t = &threads->Threads[i];
        const CONTEXT *ctx = RVA_AT(hdr, t->ThreadContext.Rva);
        /* Wine's builtin writes the calling thread without context and
         * stack. */
        BOOL caller = t->ThreadId == GetCurrentThreadId();
        ULONG64 sp;

        winetest_push_context("thread %04lx", (DWORD)t->ThreadId);
        ok(t->SuspendCount == 0, "suspend count %u\n", t->SuspendCount);
        ok(t->Teb != 0, "no TEB\n");
        todo_wine_if(caller) ok(t->Stack.StartOfMemoryRange && t->Stack.Memory.DataSize, "no stack\n");
        todo_wine_if(caller) ok(t->ThreadContext.DataSize >= sizeof(CONTEXT), "context size %u\n",
                                t->ThreadContext.DataSize);
        /* Wine 8.0's builtin asks for CONTEXT_FULL only. */
        todo_wine ok((ctx->ContextFlags & CONTEXT_ALL) == CONTEXT_ALL, "context flags %#lx\n", ctx->ContextFlags);
        todo_wine_if(caller) ok(t->Stack.Memory.DataSize &&
                                dump_memory(hdr, t->Stack.StartOfMemoryRange, t->Stack.Memory.DataSize) ==
                                RVA_AT(hdr, t->Stack.Memory.Rva), "stack not in the memory list\n");
#ifdef _WIN64
        sp = ctx->Rsp;
#else
        sp = ctx->Esp;
#endif
        todo_wine_if(caller) ok(sp >= t->Stack.StartOfMemoryRange &&
                                sp < t->Stack.StartOfMemoryRange + t->Stack.Memory.DataSize,
                                "stack %#I64x+%#x without the stack pointer %#I64x\n", t->Stack.StartOfMemoryRange,
                                (unsigned)t->Stack.Memory.DataSize, sp);
        winetest_pop_context();
    }
    ok(find_thread(hdr, tid) != NULL, "the idle thread is missing\n");
    me = find_thread(hdr, GetCurrentThreadId());
    ok(me != NULL, "the calling thread is missing\n");
    if (me)
    {
        ULONG_PTR low = 0, high = 0;
        ULONG64 base;
        const BYTE *copy;

        GetCurrentThreadStackLimits(&low, &high);
        base = high;
        todo_wine ok((ULONG_PTR)&local >= me->Stack.StartOfMemoryRange &&
                     (ULONG_PTR)&local < me->Stack.StartOfMemoryRange + me->Stack.Memory.DataSize,
                     "a local variable is not in the calling thread's stack\n");
        todo_wine ok(me->Stack.StartOfMemoryRange + me->Stack.Memory.DataSize == base,
           "the stack ends at %#I64x, StackBase %#I64x\n",
           me->Stack.StartOfMemoryRange + me->Stack.Memory.DataSize, base);
        copy = dump_memory(hdr, (ULONG_PTR)&local, sizeof(local));
        todo_wine ok(copy && !memcmp(copy, (const void *)&local, sizeof(local)), "the local's bytes differ\n");
    }
    check_memory_ranges(hdr, &stacks, &unknown);
    todo_wine ok(stacks == (threads ? threads->NumberOfThreads : 0), "%u stacks in the memory list\n", stacks);
    ok(unknown == 0, "%u ranges neither stacks nor module sections\n", unknown);

    misc = stream(hdr, MiscInfoStream, &size);
    ok(misc && (misc->Flags1 & MINIDUMP_MISC1_PROCESS_ID) && misc->ProcessId == GetCurrentProcessId(),
       "misc info without the process id\n");
    /* Windows 10 writes MINIDUMP_MISC_INFO_5 (1364 bytes, Breakpad's
     * minidump_format.h); Wine's builtin the 24-byte first version. */
    todo_wine ok(misc && size >= 232 && misc->SizeOfInfo == size, "misc info of %lu bytes\n", size);
    todo_wine ok(misc && (misc->Flags1 & MINIDUMP_MISC1_PROCESS_TIMES), "misc info without process times\n");

    /* Windows 10 adds MINIDUMP_SYSTEM_MEMORY_INFO_1 (0x1ec bytes, ntdiff's
     * Windows 10 headers) to every dump (Wine's tests, on Windows). */
    {
        BYTE *sm = stream(hdr, 21 /* SystemMemoryInfoStream */, &size);
        SYSTEM_INFO sys;

        GetSystemInfo(&sys);
        todo_wine ok(sm && size == 0x1ec, "system memory info of %lu bytes\n", size);
        if (sm && size == 0x1ec)
        {
            ok(*(USHORT *)sm == 1, "revision %u\n", *(USHORT *)sm);
            ok(*(DWORD *)(sm + 8) == sys.dwPageSize, "page size %lu\n", *(DWORD *)(sm + 8));
            ok(*(DWORD *)(sm + 0x18) == sys.dwAllocationGranularity, "granularity %lu\n", *(DWORD *)(sm + 0x18));
            ok(*(DWORD *)(sm + 0x34) == sys.dwNumberOfProcessors, "%lu processors\n", *(DWORD *)(sm + 0x34));
        }
    }

    si = stream(hdr, SystemInfoStream, &size);
    ok(si && size >= sizeof(*si), "no system info\n");
    if (si)
    {
        SYSTEM_INFO sys;
        OSVERSIONINFOA ver;

        GetNativeSystemInfo(&sys);
        ver.dwOSVersionInfoSize = sizeof(ver);
        GetVersionExA(&ver);
#ifdef _WIN64
        ok(si->ProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64, "architecture %u\n", si->ProcessorArchitecture);
#else
        ok(si->ProcessorArchitecture == PROCESSOR_ARCHITECTURE_INTEL, "architecture %u\n", si->ProcessorArchitecture);
#endif
        ok(si->NumberOfProcessors == sys.dwNumberOfProcessors, "%u processors\n", si->NumberOfProcessors);
        ok(si->PlatformId == VER_PLATFORM_WIN32_NT, "platform %u\n", si->PlatformId);
        ok(si->CSDVersionRva != 0, "no CSD version string\n");
        ok(si->Cpu.X86CpuInfo.VendorId[0] != 0, "no CPU vendor\n");
    }

#define CHECK_MODULE(name) \
    do { \
        HMODULE h = GetModuleHandleW(name); \
        mod = find_module(hdr, (ULONG_PTR)h); \
        ok(mod != NULL, "%ls is missing\n", name); \
        if (mod) \
        { \
            ok(string_is(hdr, mod->ModuleNameRva, name, TRUE), "%ls: wrong name\n", name); \
            ok(mod->SizeOfImage == ((IMAGE_NT_HEADERS *)((BYTE *)h + ((IMAGE_DOS_HEADER *)h)->e_lfanew))->OptionalHeader.SizeOfImage, \
               "%ls: size %#x\n", name, mod->SizeOfImage); \
            ok(mod->TimeDateStamp == ((IMAGE_NT_HEADERS *)((BYTE *)h + ((IMAGE_DOS_HEADER *)h)->e_lfanew))->FileHeader.TimeDateStamp, \
               "%ls: timestamp %#x\n", name, mod->TimeDateStamp); \
        } \
    } while (0)
    CHECK_MODULE(L"ntdll.dll");
    CHECK_MODULE(L"kernel32.dll");
    CHECK_MODULE(L"kernelbase.dll");
    CHECK_MODULE(L"dbghelp.dll");
#undef CHECK_MODULE
    mod = find_module(hdr, (ULONG_PTR)GetModuleHandleW(L"kernel32.dll"));
    if (mod)
    {
        /* The version resource's fixed part, as GetFileVersionInfo reads it. */
        ok(mod->VersionInfo.dwSignature == VS_FFI_SIGNATURE, "kernel32: version signature %#lx\n",
                     mod->VersionInfo.dwSignature);
    }
    /* The test program is linked with --build-id: its CodeView record. */
    mod = find_module(hdr, (ULONG_PTR)GetModuleHandleW(NULL));
    ok(mod != NULL, "the test program is missing\n");
    if (mod)
    {
        const IMAGE_DOS_HEADER *dos = (const void *)GetModuleHandleW(NULL);
        const IMAGE_NT_HEADERS *nt = (const void *)((const BYTE *)dos + dos->e_lfanew);
        const IMAGE_DATA_DIRECTORY *dd = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_DEBUG];
        const IMAGE_DEBUG_DIRECTORY *dbg = (const void *)((const BYTE *)dos + dd->VirtualAddress);

        ok(dd->Size && dbg->Type == IMAGE_DEBUG_TYPE_CODEVIEW, "the test program has no CodeView record\n");
        if (dd->Size && dbg->Type == IMAGE_DEBUG_TYPE_CODEVIEW)
        {
            todo_wine ok(mod->CvRecord.DataSize == dbg->SizeOfData &&
                         !memcmp(RVA_AT(hdr, mod->CvRecord.Rva), (const BYTE *)dos + dbg->AddressOfRawData,
                                 dbg->SizeOfData), "CodeView record of %u bytes differs\n", mod->CvRecord.DataSize);
        }
    }

    if (pSetThreadDescription)
    {
        struct t_thread_name_list *names = stream(hdr, STREAM_THREAD_NAMES, &size);
        BOOL found = FALSE;

        todo_wine ok(names != NULL, "no thread names\n");
        if (names)
        {
            ok(size == 4 + names->NumberOfThreadNames * sizeof(struct t_thread_name), "names of %lu bytes\n", size);
            for (i = 0; i < names->NumberOfThreadNames; i++)
                if (names->names[i].ThreadId == GetCurrentThreadId())
                    found = string_is(hdr, (RVA)names->names[i].RvaOfThreadName, main_name, FALSE);
            ok(found, "the calling thread's name is missing\n");
        }
    }
    unmap_dump(&m);
}

/* The exception stream, from a record and a context of our own. */
static void test_exception(BOOL client_pointers)
{
    MINIDUMP_EXCEPTION_INFORMATION mei;
    MINIDUMP_EXCEPTION_STREAM *exc;
    EXCEPTION_POINTERS ep;
    EXCEPTION_RECORD rec;
    CONTEXT ctx;
    struct mapped m;
    DWORD error, i;
    ULONG size;
    void *dump;
    BOOL ret;

    winetest_push_context("client pointers %d", client_pointers);
    memset(&rec, 0, sizeof(rec));
    memset(&ctx, 0xa5, sizeof(ctx));
    ctx.ContextFlags = CONTEXT_FULL;
    rec.ExceptionCode = 0x1234;
    rec.ExceptionAddress = (void *)(ULONG_PTR)0xdeadbeef;
    rec.NumberParameters = 5;
    for (i = 0; i < EXCEPTION_MAXIMUM_PARAMETERS; i++) rec.ExceptionInformation[i] = 0x666000 + i;
    ep.ExceptionRecord = &rec;
    ep.ContextRecord = &ctx;
    mei.ThreadId = GetCurrentThreadId();
    mei.ExceptionPointers = &ep;
    mei.ClientPointers = client_pointers;
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, &mei, NULL, NULL, &error);
    ok(ret, "MiniDumpWriteDump failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        exc = stream(dump, ExceptionStream, &size);
        ok(exc && size == sizeof(*exc), "exception stream of %lu bytes\n", size);
        if (exc)
        {
            ok(exc->ThreadId == GetCurrentThreadId(), "thread %04x\n", exc->ThreadId);
            ok(exc->ExceptionRecord.ExceptionCode == 0x1234, "code %#x\n", exc->ExceptionRecord.ExceptionCode);
            ok(exc->ExceptionRecord.ExceptionAddress == 0xdeadbeef, "address %#I64x\n",
               exc->ExceptionRecord.ExceptionAddress);
            ok(exc->ExceptionRecord.NumberParameters == 5, "%u parameters\n", exc->ExceptionRecord.NumberParameters);
            for (i = 0; i < 5; i++)
                ok(exc->ExceptionRecord.ExceptionInformation[i] == 0x666000 + i, "parameter %lu: %#I64x\n", i,
                   exc->ExceptionRecord.ExceptionInformation[i]);
            /* The unused parameters are zero (Wine's builtin copies what
             * follows in the record). */
            for (i = 5; i < EXCEPTION_MAXIMUM_PARAMETERS; i++)
                if (exc->ExceptionRecord.ExceptionInformation[i]) break;
            todo_wine ok(i == EXCEPTION_MAXIMUM_PARAMETERS, "unused parameter %lu: %#I64x\n", i,
                         i < EXCEPTION_MAXIMUM_PARAMETERS ? exc->ExceptionRecord.ExceptionInformation[i] : 0);
            ok(exc->ThreadContext.DataSize >= sizeof(CONTEXT) &&
               !memcmp(RVA_AT(dump, exc->ThreadContext.Rva), &ctx, sizeof(ctx)), "the context differs\n");
        }
        unmap_dump(&m);
    }
    winetest_pop_context();
}

/* From an exception handler, with the exception's own pointers, as crash
 * handlers do; and from a dedicated thread while the faulting one waits,
 * as Microsoft advises. */
static CONTEXT handler_ctx; /* the exception's: its record is gone once the handler returns */
static BOOL handler_ret;
static DWORD handler_error, handler_tid;

static LONG CALLBACK dump_handler(EXCEPTION_POINTERS *ep)
{
    MINIDUMP_EXCEPTION_INFORMATION mei;

    if (ep->ExceptionRecord->ExceptionCode != 0xe0001234) return EXCEPTION_CONTINUE_SEARCH;
    mei.ThreadId = GetCurrentThreadId();
    mei.ExceptionPointers = ep;
    mei.ClientPointers = FALSE;
    handler_ctx = *ep->ContextRecord;
    handler_ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, &mei, NULL, NULL,
                             &handler_error);
    return EXCEPTION_CONTINUE_EXECUTION;
}

struct dump_request
{
    HANDLE go, done;
    EXCEPTION_POINTERS *ep;
    DWORD tid;
};

static DWORD WINAPI dump_thread(void *arg)
{
    struct dump_request *r = arg;
    MINIDUMP_EXCEPTION_INFORMATION mei;

    WaitForSingleObject(r->go, INFINITE);
    mei.ThreadId = r->tid;
    mei.ExceptionPointers = r->ep;
    mei.ClientPointers = TRUE; /* ours too: the same process */
    handler_ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, &mei, NULL, NULL,
                             &handler_error);
    SetEvent(r->done);
    return 0;
}

static struct dump_request *thread_request;

static LONG CALLBACK dump_by_thread_handler(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode != 0xe0001234) return EXCEPTION_CONTINUE_SEARCH;
    thread_request->ep = ep;
    handler_ctx = *ep->ContextRecord;
    thread_request->tid = GetCurrentThreadId();
    SetEvent(thread_request->go);
    WaitForSingleObject(thread_request->done, INFINITE);
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void check_handler_dump(const char *how)
{
    MINIDUMP_EXCEPTION_STREAM *exc;
    const MINIDUMP_THREAD *t;
    struct mapped m;
    void *dump;

    winetest_push_context("%s", how);
    ok(handler_ret, "MiniDumpWriteDump failed: %#lx\n", handler_error);
    if (handler_ret && (dump = map_dump(&m)))
    {
        exc = stream(dump, ExceptionStream, NULL);
        ok(exc && exc->ThreadId == handler_tid && exc->ExceptionRecord.ExceptionCode == 0xe0001234,
           "no exception stream for the raising thread\n");
        ok(exc && exc->ExceptionRecord.NumberParameters == 2 && exc->ExceptionRecord.ExceptionInformation[0] == 0x11 &&
           exc->ExceptionRecord.ExceptionInformation[1] == 0x22, "wrong parameters\n");
        ok(exc && !memcmp(RVA_AT(dump, exc->ThreadContext.Rva), &handler_ctx, sizeof(CONTEXT)),
           "the context is not the exception's\n");
        t = find_thread(dump, handler_tid);
        ok(t != NULL, "the raising thread is missing\n");
#ifdef _WIN64
        /* The exception's stack pointer lies in the thread's dumped stack. */
        todo_wine_if(!t || !t->Stack.Memory.DataSize)
        ok(t && handler_ctx.Rsp >= t->Stack.StartOfMemoryRange &&
           handler_ctx.Rsp < t->Stack.StartOfMemoryRange + t->Stack.Memory.DataSize,
           "the exception's stack is not in the thread's\n");
#else
        todo_wine_if(!t || !t->Stack.Memory.DataSize)
        ok(t && handler_ctx.Esp >= t->Stack.StartOfMemoryRange &&
           handler_ctx.Esp < t->Stack.StartOfMemoryRange + t->Stack.Memory.DataSize,
           "the exception's stack is not in the thread's\n");
#endif
        unmap_dump(&m);
    }
    winetest_pop_context();
}

static void test_from_handlers(void)
{
    static const ULONG_PTR params[2] = { 0x11, 0x22 };
    struct dump_request r;
    HANDLE veh, thread;

    handler_tid = GetCurrentThreadId();
    handler_ret = FALSE;
    veh = AddVectoredExceptionHandler(1, dump_handler);
    RaiseException(0xe0001234, 0, 2, params);
    RemoveVectoredExceptionHandler(veh);
    check_handler_dump("in the handler");

    r.go = CreateEventA(NULL, FALSE, FALSE, NULL);
    r.done = CreateEventA(NULL, FALSE, FALSE, NULL);
    thread_request = &r;
    thread = CreateThread(NULL, 0, dump_thread, &r, 0, NULL);
    handler_ret = FALSE;
    veh = AddVectoredExceptionHandler(1, dump_by_thread_handler);
    RaiseException(0xe0001234, 0, 2, params);
    RemoveVectoredExceptionHandler(veh);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle(r.go);
    CloseHandle(r.done);
    check_handler_dump("from a dedicated thread");
}

/* ---- callbacks ---------------------------------------------------------------- */

struct cb_state
{
    ULONG module_flags, thread_flags;
    DWORD64 types;
    unsigned modules, include_modules, threads, include_threads;
    DWORD exclude_tid;
    ULONG64 exclude_base;
    BOOL add_memory, memory_given, remove_memory, removed, cancel;
    BOOL io;
    BYTE *io_buf;
    ULONG64 io_size;
    unsigned io_writes, bad_inputs;
};

static BOOL CALLBACK dump_cb(void *param, const PMINIDUMP_CALLBACK_INPUT in, PMINIDUMP_CALLBACK_OUTPUT out)
{
    struct cb_state *cb = param;
    HRESULT *status = (HRESULT *)out; /* Microsoft's union: Status at offset 0 */
    struct t_io_callback *io = (struct t_io_callback *)((BYTE *)in + offsetof(MINIDUMP_CALLBACK_INPUT, Thread));

    if (in->CallbackType < 64) cb->types |= (DWORD64)1 << in->CallbackType;
    switch (in->CallbackType)
    {
    case IoStartCallback:
    case WriteKernelMinidumpCallback:
        if (in->ProcessId || in->ProcessHandle) cb->bad_inputs++;
        break;
    case IsProcessSnapshotCallback:
    case VmStartCallback:
        if (in->ProcessId || in->ProcessHandle != GetCurrentProcess()) cb->bad_inputs++;
        break;
    default:
        if (in->ProcessId != GetCurrentProcessId() || in->ProcessHandle != GetCurrentProcess()) cb->bad_inputs++;
        break;
    }
    switch (in->CallbackType)
    {
    case IncludeModuleCallback:
        if (out->ModuleWriteFlags != cb->module_flags) cb->bad_inputs++;
        cb->include_modules++;
        return in->IncludeModule.BaseOfImage != cb->exclude_base;
    case ModuleCallback:
        if (out->ModuleWriteFlags != cb->module_flags) cb->bad_inputs++;
        cb->modules++;
        return TRUE;
    case IncludeThreadCallback:
        if (out->ThreadWriteFlags != cb->thread_flags) cb->bad_inputs++;
        cb->include_threads++;
        return in->IncludeThread.ThreadId != cb->exclude_tid;
    case ThreadCallback:
        if (out->ThreadWriteFlags != cb->thread_flags) cb->bad_inputs++;
        cb->threads++;
        return TRUE;
    case MemoryCallback:
        if (out->MemoryBase || out->MemorySize) cb->bad_inputs++;
        if (cb->add_memory && !cb->memory_given)
        {
            out->MemoryBase = (ULONG_PTR)extra_memory;
            out->MemorySize = sizeof(extra_memory);
            cb->memory_given = TRUE;
            return TRUE;
        }
        return FALSE;
    case RemoveMemoryCallback:
        if (out->MemoryBase || out->MemorySize) cb->bad_inputs++;
        if (cb->remove_memory && !cb->removed)
        {
            /* The middle page of the range the Memory callback gave. */
            out->MemoryBase = (ULONG_PTR)extra_memory + 0x800;
            out->MemorySize = 0x800;
            cb->removed = TRUE;
            return TRUE;
        }
        return FALSE;
    case CancelCallback:
        if (out->Cancel || out->CheckCancel) cb->bad_inputs++;
        out->Cancel = cb->cancel;
        out->CheckCancel = cb->cancel;
        return TRUE;
    case IoStartCallback:
        if (*status != E_NOTIMPL) cb->bad_inputs++;
        if (cb->io) *status = S_OK;
        return TRUE;
    case IoWriteAllCallback:
        if (io->Offset + io->BufferBytes > cb->io_size)
        {
            BYTE *grown = realloc(cb->io_buf, io->Offset + io->BufferBytes);

            if (!grown) return FALSE;
            memset(grown + cb->io_size, 0, io->Offset + io->BufferBytes - cb->io_size);
            cb->io_buf = grown;
            cb->io_size = io->Offset + io->BufferBytes;
        }
        memcpy(cb->io_buf + io->Offset, io->Buffer, io->BufferBytes);
        cb->io_writes++;
        *status = S_OK;
        return TRUE;
    default:
        return TRUE;
    }
}

static void test_callbacks(void)
{
#define X(a) ((DWORD64)1 << (a))
    /* What Windows raises for a normal dump (Wine's tests, on Windows). */
    static const DWORD64 expected = X(ModuleCallback) | X(ThreadCallback) | X(IncludeThreadCallback) |
        X(IncludeModuleCallback) | X(MemoryCallback) | X(CancelCallback) | X(WriteKernelMinidumpCallback) |
        X(RemoveMemoryCallback) | X(IoStartCallback) | X(SecondaryFlagsCallback) |
        X(IsProcessSnapshotCallback) | X(VmStartCallback);
#undef X
    MINIDUMP_CALLBACK_INFORMATION cbi;
    struct cb_state cb;
    struct mapped m;
    HANDLE event, thread;
    DWORD tid, error;
    const BYTE *bytes;
    void *dump;
    BOOL ret;

    /* Where Microsoft's header puts the callback payloads (ntdiff's
     * Windows 10 headers: the union at 0x10 on x64, 0xc on x86). */
    ok(offsetof(MINIDUMP_CALLBACK_INPUT, Thread) == (sizeof(void *) == 8 ? 16 : 12), "payload at %u\n",
       (unsigned)offsetof(MINIDUMP_CALLBACK_INPUT, Thread));

    memset(&cb, 0, sizeof(cb));
    cb.module_flags = ModuleWriteModule | ModuleWriteMiscRecord | ModuleWriteCvRecord;
    cb.thread_flags = ThreadWriteThread | ThreadWriteStack | ThreadWriteContext | ThreadWriteInstructionWindow;
    cbi.CallbackRoutine = dump_cb;
    cbi.CallbackParam = &cb;
    event = CreateEventA(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, idle_thread, event, 0, &tid);
    Sleep(50);
    cb.exclude_tid = tid;
    cb.exclude_base = (ULONG_PTR)GetModuleHandleW(L"kernelbase.dll");
    cb.add_memory = TRUE;
    cb.remove_memory = TRUE;
    memset(extra_memory, 0x3c, sizeof(extra_memory));
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, NULL, NULL, &cbi, &error);
    ok(ret, "MiniDumpWriteDump failed: %#lx\n", error);
    todo_wine ok((cb.types & expected) == expected, "callback types %#I64x, expected %#I64x\n", cb.types, expected);
    ok(cb.bad_inputs == 0, "%u inputs or preset outputs wrong\n", cb.bad_inputs);
    ok(cb.modules > 3, "%u module callbacks\n", cb.modules);
    ok(cb.threads >= 1, "%u thread callbacks\n", cb.threads);
    /* Every module and thread is offered first, the excluded one included. */
    todo_wine ok(cb.include_modules == cb.modules + 1, "%u include-module for %u modules\n", cb.include_modules,
                 cb.modules);
    todo_wine ok(cb.include_threads == cb.threads + 1, "%u include-thread for %u threads\n", cb.include_threads,
                 cb.threads);
    if (ret && (dump = map_dump(&m)))
    {
        /* Wine's builtin raises neither Include callback nor the Memory
         * ones. */
        todo_wine ok(!find_thread(dump, tid), "the excluded thread was written\n");
        ok(find_thread(dump, GetCurrentThreadId()) != NULL, "the calling thread is missing\n");
        todo_wine ok(!find_module(dump, cb.exclude_base), "the excluded module was written\n");
        ok(find_module(dump, (ULONG_PTR)GetModuleHandleW(L"kernel32.dll")) != NULL, "kernel32 is missing\n");
        bytes = dump_memory(dump, (ULONG_PTR)extra_memory, 0x800);
        todo_wine ok(bytes && bytes[0] == 0x3c && bytes[0x7ff] == 0x3c, "the memory given by the callback is missing\n");
        ok(!dump_memory(dump, (ULONG_PTR)extra_memory + 0x800, 1), "removed memory was written\n");
        bytes = dump_memory(dump, (ULONG_PTR)extra_memory + 0x1000, 0x1000);
        todo_wine ok(bytes && bytes[0] == 0x3c, "memory after the removed part is missing\n");
        unmap_dump(&m);
    }
    SetEvent(event);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle(event);

    /* Cancelled: FALSE, and nothing that claims to be a dump. */
    memset(&cb, 0, sizeof(cb));
    cb.module_flags = ModuleWriteModule | ModuleWriteMiscRecord | ModuleWriteCvRecord;
    cb.thread_flags = ThreadWriteThread | ThreadWriteStack | ThreadWriteContext | ThreadWriteInstructionWindow;
    cb.cancel = TRUE;
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, NULL, NULL, &cbi, &error);
    todo_wine ok(!ret, "a cancelled dump succeeded\n");
    if (!ret)
    {
        ok(error == (DWORD)HRESULT_FROM_WIN32(ERROR_CANCELLED), "error %#lx\n", error);
        dump = map_dump(&m);
        ok(!dump || ((MINIDUMP_HEADER *)dump)->Signature != DUMP_SIGNATURE, "a cancelled dump was left\n");
        unmap_dump(&m);
    }

    /* Output through IoWriteAll: the file stays empty, the buffer is a
     * dump. */
    memset(&cb, 0, sizeof(cb));
    cb.module_flags = ModuleWriteModule | ModuleWriteMiscRecord | ModuleWriteCvRecord;
    cb.thread_flags = ThreadWriteThread | ThreadWriteStack | ThreadWriteContext | ThreadWriteInstructionWindow;
    cb.io = TRUE;
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, NULL, NULL, &cbi, &error);
    ok(ret, "MiniDumpWriteDump through IoWriteAll failed: %#lx\n", error);
    todo_wine ok(cb.io_writes > 0 && cb.types & ((DWORD64)1 << IoFinishCallback), "%u writes through the callback\n",
                 cb.io_writes);
    if (cb.io_buf)
    {
        ok(((MINIDUMP_HEADER *)cb.io_buf)->Signature == DUMP_SIGNATURE, "the written buffer is no dump\n");
        ok(stream(cb.io_buf, ThreadListStream, NULL) && find_thread(cb.io_buf, GetCurrentThreadId()),
           "the written buffer has no thread list\n");
        free(cb.io_buf);
    }
    dump = map_dump(&m);
    todo_wine ok(!dump, "the file was written too\n");
    unmap_dump(&m);
}

/* ---- the dump types ------------------------------------------------------------------ */

static void test_types(void)
{
    MINIDUMP_THREAD_INFO_LIST *ti;
    MINIDUMP_MEMORY_INFO_LIST *mi;
    MINIDUMP_USER_STREAM us[2];
    MINIDUMP_USER_STREAM_INFORMATION usi;
    struct mapped m;
    static char user_data[] = "user stream data";
    BYTE *heap;
    DWORD error, i;
    ULONG size;
    void *dump;
    BOOL ret;

    /* Thread information. */
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpWithThreadInfo, NULL, NULL, NULL, &error);
    ok(ret, "MiniDumpWithThreadInfo failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        ti = stream(dump, ThreadInfoListStream, &size);
        todo_wine ok(ti != NULL, "no thread info list\n");
        if (ti)
        {
            MINIDUMP_THREAD_INFO *e = (MINIDUMP_THREAD_INFO *)((BYTE *)ti + ti->SizeOfHeader);
            BOOL found = FALSE;

            ok(ti->SizeOfHeader == sizeof(*ti) && ti->SizeOfEntry == sizeof(MINIDUMP_THREAD_INFO),
               "header %lu, entry %lu\n", ti->SizeOfHeader, ti->SizeOfEntry);
            ok(size == ti->SizeOfHeader + ti->NumberOfEntries * ti->SizeOfEntry, "size %lu\n", size);
            for (i = 0; i < ti->NumberOfEntries; i++)
                if (e[i].ThreadId == GetCurrentThreadId())
                {
                    found = TRUE;
                    ok(e[i].CreateTime != 0, "no creation time\n");
                    ok(e[i].ExitStatus == STILL_ACTIVE, "exit status %u\n", e[i].ExitStatus);
                }
            ok(found, "the calling thread has no info\n");
        }
        unmap_dump(&m);
    }

    /* Data segments: an initialised global is kept. */
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpWithDataSegs, NULL, NULL, NULL, &error);
    ok(ret, "MiniDumpWithDataSegs failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        const BYTE *copy = dump_memory(dump, (ULONG_PTR)data_marker, sizeof(data_marker));

        /* Wine's builtin ignores MiniDumpWithDataSegs. */
        todo_wine ok(copy && !memcmp(copy, (const void *)data_marker, sizeof(data_marker)), "the global is missing\n");
        unmap_dump(&m);
    }
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, NULL, NULL, NULL, &error);
    if (ret && (dump = map_dump(&m)))
    {
        ok(!dump_memory(dump, (ULONG_PTR)data_marker, sizeof(data_marker)), "a normal dump has the global\n");
        unmap_dump(&m);
    }

    /* Full memory: Memory64 list, no memory list, a heap block found. */
    heap = HeapAlloc(GetProcessHeap(), 0, 0x10000);
    for (i = 0; i < 0x10000; i++) heap[i] = (BYTE)(i * 7);
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpWithFullMemory | MiniDumpWithFullMemoryInfo,
                     NULL, NULL, NULL, &error);
    ok(ret, "MiniDumpWithFullMemory failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        const BYTE *copy = dump_memory(dump, (ULONG_PTR)heap, 0x10000);
        const MINIDUMP_THREAD *me = find_thread(dump, GetCurrentThreadId());

        ok(!stream(dump, MemoryListStream, NULL), "a memory list in a full dump\n");
        ok(stream(dump, Memory64ListStream, NULL) != NULL, "no Memory64 list\n");
        ok(copy && !memcmp(copy, heap, 0x10000), "the heap block is missing\n");
        /* The stack points into the Memory64 data (Wine's builtin: 0). */
        todo_wine ok(me && me->Stack.Memory.Rva && me->Stack.Memory.Rva ==
                     (ULONG_PTR)dump_memory(dump, me->Stack.StartOfMemoryRange, me->Stack.Memory.DataSize) - (ULONG_PTR)dump,
                     "the stack's RVA is %#x\n", me ? (unsigned)me->Stack.Memory.Rva : 0u);
        mi = stream(dump, MemoryInfoListStream, &size);
        todo_wine ok(mi != NULL, "no memory info list\n");
        if (mi)
        {
            MINIDUMP_MEMORY_INFO *e = (MINIDUMP_MEMORY_INFO *)((BYTE *)mi + mi->SizeOfHeader);
            BOOL found = FALSE;

            ok(mi->SizeOfHeader == sizeof(*mi) && mi->SizeOfEntry == sizeof(MINIDUMP_MEMORY_INFO),
               "header %lu, entry %lu\n", mi->SizeOfHeader, mi->SizeOfEntry);
            for (i = 0; i < mi->NumberOfEntries; i++)
                if ((ULONG_PTR)heap >= e[i].BaseAddress && (ULONG_PTR)heap < e[i].BaseAddress + e[i].RegionSize)
                    found = e[i].State == MEM_COMMIT && e[i].Protect == PAGE_READWRITE;
            ok(found, "the heap's region is not described\n");
        }
        unmap_dump(&m);
    }
    HeapFree(GetProcessHeap(), 0, heap);

    /* Handle data: a named event of ours, with its type and name. */
    {
        HANDLE event = CreateEventW(NULL, TRUE, FALSE, L"wtest-minidump-event");

        ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpWithHandleData, NULL, NULL, NULL,
                         &error);
        ok(ret, "MiniDumpWithHandleData failed: %#lx\n", error);
        if (ret && (dump = map_dump(&m)))
        {
            MINIDUMP_HANDLE_DATA_STREAM *hd = stream(dump, HandleDataStream, &size);
            BOOL found = FALSE;

            /* Wine 8.0's builtin writes no handle data. */
            todo_wine ok(hd != NULL, "no handle data\n");
            if (hd)
            {
                ok(hd->SizeOfHeader == sizeof(*hd) && hd->SizeOfDescriptor >= sizeof(MINIDUMP_HANDLE_DESCRIPTOR),
                   "header %u, descriptor %u\n", hd->SizeOfHeader, hd->SizeOfDescriptor);
                ok(size == hd->SizeOfHeader + hd->NumberOfDescriptors * hd->SizeOfDescriptor, "size %lu\n", size);
                for (i = 0; i < hd->NumberOfDescriptors; i++)
                {
                    const MINIDUMP_HANDLE_DESCRIPTOR *h =
                        (const void *)((BYTE *)hd + hd->SizeOfHeader + i * hd->SizeOfDescriptor);

                    if (h->Handle != (ULONG_PTR)event) continue;
                    found = TRUE;
                    ok(h->TypeNameRva && string_is(dump, h->TypeNameRva, L"Event", FALSE), "the type is not Event\n");
                    ok(h->ObjectNameRva && string_is(dump, h->ObjectNameRva, L"\\wtest-minidump-event", TRUE),
                       "the event's name is missing\n");
                    ok(h->HandleCount >= 1, "handle count %u\n", h->HandleCount);
                }
                ok(found, "the event's handle is missing\n");
            }
            unmap_dump(&m);
        }
        CloseHandle(event);
    }

    /* Module paths filtered: file names only. */
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpFilterModulePaths, NULL, NULL, NULL, &error);
    ok(ret, "MiniDumpFilterModulePaths failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        const MINIDUMP_MODULE *mod = find_module(dump, (ULONG_PTR)GetModuleHandleW(L"kernel32.dll"));

        todo_wine ok(mod && string_is(dump, mod->ModuleNameRva, L"kernel32.dll", FALSE),
                     "kernel32's name keeps its path\n");
        unmap_dump(&m);
    }

    /* User streams. */
    us[0].Type = LastReservedStream + 1;
    us[0].BufferSize = sizeof(user_data);
    us[0].Buffer = user_data;
    us[1].Type = CommentStreamA;
    us[1].BufferSize = 6;
    us[1].Buffer = (void *)"hello";
    usi.UserStreamCount = 2;
    usi.UserStreamArray = us;
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, NULL, &usi, NULL, &error);
    ok(ret, "a dump with user streams failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        void *p = stream(dump, LastReservedStream + 1, &size);

        ok(p && size == sizeof(user_data) && !memcmp(p, user_data, size), "the user stream differs\n");
        p = stream(dump, CommentStreamA, &size);
        ok(p && size == 6 && !strcmp(p, "hello"), "the comment stream differs\n");
        unmap_dump(&m);
    }
}

/* ---- the memory-selecting flags ---------------------------------------------------- */

static BOOL scan_cb_exe_referenced;

static BOOL CALLBACK scan_cb(void *param, const PMINIDUMP_CALLBACK_INPUT in, PMINIDUMP_CALLBACK_OUTPUT out)
{
    (void)param;
    if (in->CallbackType == ModuleCallback && in->Module.BaseOfImage == (ULONG_PTR)GetModuleHandleW(NULL))
        scan_cb_exe_referenced = (out->ModuleWriteFlags & ModuleReferencedByMemory) != 0;
    return TRUE;
}

static __attribute__((noinline)) void test_memory_flags(void)
{
    /* Kept on the stack (volatile): a pointer to a heap block, a value
     * that points nowhere, and an address in the stack. */
    BYTE *heap = HeapAlloc(GetProcessHeap(), 0, 0x1000);
    BYTE *volatile ref = heap;
    volatile ULONG_PTR junk = (ULONG_PTR)0x5a5a5a5a5a5a5a5aull;
    volatile ULONG_PTR stack_ref = (ULONG_PTR)&junk;
    BYTE *rw = VirtualAlloc(NULL, 0x10000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    MINIDUMP_CALLBACK_INFORMATION cbi;
    const MINIDUMP_THREAD *me;
    const BYTE *copy;
    struct mapped m;
    DWORD error;
    void *dump;
    BOOL ret;

    memset(heap, 0x77, 0x1000);
    memset(rw, 0x99, 0x10000);

    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpWithIndirectlyReferencedMemory, NULL,
                     NULL, NULL, &error);
    ok(ret, "MiniDumpWithIndirectlyReferencedMemory failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        copy = dump_memory(dump, (ULONG_PTR)ref, 16);
        /* Wine's builtin ignores these flags. */
        todo_wine ok(copy && copy[0] == 0x77 && copy[15] == 0x77, "the block a stack value points to is missing\n");
        unmap_dump(&m);
    }
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpNormal, NULL, NULL, NULL, &error);
    if (ret && (dump = map_dump(&m)))
    {
        ok(!dump_memory(dump, (ULONG_PTR)ref, 16), "a normal dump has the referenced block\n");
        copy = dump_memory(dump, (ULONG_PTR)&junk, sizeof(junk));
        todo_wine ok(copy && *(const ULONG_PTR *)copy == junk, "the stack's value is missing\n");
        unmap_dump(&m);
    }

    /* Filtered: a value that is no address is zeroed, a return address
     * into this program stays. */
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpFilterMemory, NULL, NULL, NULL, &error);
    ok(ret, "MiniDumpFilterMemory failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        copy = dump_memory(dump, (ULONG_PTR)&junk, sizeof(junk));
        todo_wine ok(copy && *(const ULONG_PTR *)copy == 0, "the non-pointer stayed in the stack\n");
        copy = dump_memory(dump, (ULONG_PTR)&stack_ref, sizeof(stack_ref));
        todo_wine ok(copy && *(const ULONG_PTR *)copy == stack_ref, "an address in the stack was not kept\n");
        unmap_dump(&m);
    }

    /* Process and thread data: the calling thread's TEB. */
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpWithProcessThreadData, NULL, NULL, NULL,
                     &error);
    ok(ret, "MiniDumpWithProcessThreadData failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        me = find_thread(dump, GetCurrentThreadId());
        todo_wine ok(me && me->Teb && dump_memory(dump, me->Teb, 0x100), "the TEB is missing\n");
        unmap_dump(&m);
    }

    /* Module headers: kernel32's. */
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpWithModuleHeaders, NULL, NULL, NULL, &error);
    ok(ret, "MiniDumpWithModuleHeaders failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        copy = dump_memory(dump, (ULONG_PTR)k32, 0x100);
        todo_wine ok(copy && copy[0] == 'M' && copy[1] == 'Z' && !memcmp(copy, k32, 0x100),
                     "kernel32's headers are missing\n");
        unmap_dump(&m);
    }

    /* Private read-write memory. */
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpWithPrivateReadWriteMemory, NULL, NULL,
                     NULL, &error);
    ok(ret, "MiniDumpWithPrivateReadWriteMemory failed: %#lx\n", error);
    if (ret && (dump = map_dump(&m)))
    {
        copy = dump_memory(dump, (ULONG_PTR)rw, 0x10000);
        todo_wine ok(copy && copy[0] == 0x99 && copy[0xffff] == 0x99, "the private read-write region is missing\n");
        unmap_dump(&m);
    }

    /* Scanned: the program's return addresses are on the stack. */
    scan_cb_exe_referenced = FALSE;
    cbi.CallbackRoutine = scan_cb;
    cbi.CallbackParam = NULL;
    ret = write_dump(GetCurrentProcess(), GetCurrentProcessId(), MiniDumpScanMemory, NULL, NULL, &cbi, &error);
    ok(ret, "MiniDumpScanMemory failed: %#lx\n", error);
    todo_wine ok(scan_cb_exe_referenced, "the program's module is not marked referenced by memory\n");

    VirtualFree(rw, 0, MEM_RELEASE);
    HeapFree(GetProcessHeap(), 0, heap);
}

/* ---- another process, stopped at an access violation --------------------------- */

static __attribute__((noinline)) void child_crash(void)
{
    int *volatile target = (int *)(ULONG_PTR)0x12;

    *target = 2;
}

static void test_child(MINIDUMP_TYPE type)
{
    char cmd[MAX_PATH * 2], exe[MAX_PATH];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DEBUG_EVENT ev;
    MINIDUMP_EXCEPTION_INFORMATION mei;
    EXCEPTION_POINTERS ep;
    CONTEXT ctx;
    HANDLE thread;
    BOOL ret, first = TRUE, got = FALSE;
    struct mapped m;
    DWORD error;
    void *dump;

    /* Wine 8.0's 32-bit builtin faults writing a dump of another
     * process (a read at an address of the target, in its own). */
    if (wtest_platform == WTEST_WINE && WTEST_32BIT)
    {
        skip("another process: Wine's 32-bit builtin faults\n");
        return;
    }
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" minidump", exe);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    SetEnvironmentVariableA("WTEST_MINIDUMP_CHILD", "1");
    ret = CreateProcessA(NULL, cmd, NULL, NULL, FALSE, DEBUG_ONLY_THIS_PROCESS, NULL, NULL, &si, &pi);
    SetEnvironmentVariableA("WTEST_MINIDUMP_CHILD", NULL);
    ok(ret, "CreateProcess failed: %lu\n", GetLastError());
    if (!ret) return;
    while (WaitForDebugEvent(&ev, 10000))
    {
        if (ev.dwDebugEventCode == CREATE_PROCESS_DEBUG_EVENT && ev.u.CreateProcessInfo.hFile)
            CloseHandle(ev.u.CreateProcessInfo.hFile);
        if (ev.dwDebugEventCode == LOAD_DLL_DEBUG_EVENT && ev.u.LoadDll.hFile) CloseHandle(ev.u.LoadDll.hFile);
        if (ev.dwDebugEventCode == EXCEPTION_DEBUG_EVENT)
        {
            if (first && ev.u.Exception.ExceptionRecord.ExceptionCode == EXCEPTION_BREAKPOINT) first = FALSE;
            else if (ev.u.Exception.ExceptionRecord.ExceptionCode == EXCEPTION_ACCESS_VIOLATION)
            {
                got = TRUE;
                break;
            }
        }
        if (ev.dwDebugEventCode == EXIT_PROCESS_DEBUG_EVENT) break;
        ContinueDebugEvent(ev.dwProcessId, ev.dwThreadId, DBG_CONTINUE);
    }
    ok(got, "no access violation from the child\n");
    if (got)
    {
        thread = OpenThread(THREAD_ALL_ACCESS, FALSE, ev.dwThreadId);
        ctx.ContextFlags = CONTEXT_FULL;
        ok(GetThreadContext(thread, &ctx), "GetThreadContext failed\n");
        CloseHandle(thread);
        ep.ExceptionRecord = &ev.u.Exception.ExceptionRecord;
        ep.ContextRecord = &ctx;
        mei.ThreadId = ev.dwThreadId;
        mei.ExceptionPointers = &ep;
        mei.ClientPointers = FALSE;
        ret = write_dump(pi.hProcess, pi.dwProcessId, type, &mei, NULL, NULL, &error);
        ok(ret, "a dump of the child failed: %#lx\n", error);
        if (ret && (dump = map_dump(&m)))
        {
            MINIDUMP_EXCEPTION_STREAM *exc = stream(dump, ExceptionStream, NULL);
            MINIDUMP_MISC_INFO *misc = stream(dump, MiscInfoStream, NULL);
            const MINIDUMP_THREAD *t = find_thread(dump, ev.dwThreadId);
            const CONTEXT *tctx;

            ok(exc && exc->ThreadId == ev.dwThreadId, "no exception stream for the thread\n");
            ok(exc && exc->ExceptionRecord.ExceptionCode == EXCEPTION_ACCESS_VIOLATION, "wrong exception\n");
            ok(exc && exc->ExceptionRecord.NumberParameters == 2 && exc->ExceptionRecord.ExceptionInformation[1] == 0x12,
               "wrong access-violation parameters\n");
            ok(exc && !memcmp(RVA_AT(dump, exc->ThreadContext.Rva), &ctx, sizeof(ctx)), "the context differs\n");
            ok(misc && misc->ProcessId == pi.dwProcessId, "wrong process id\n");
            ok(t != NULL, "the crashing thread is missing\n");
            if (t)
            {
                tctx = RVA_AT(dump, t->ThreadContext.Rva);
                /* Suspended by the debugger's event, not by the dump. */
                ok(t->SuspendCount == 0, "suspend count %u\n", t->SuspendCount);
#ifdef _WIN64
                ok(tctx->Rip == ctx.Rip && tctx->Rsp == ctx.Rsp, "thread context %#I64x/%#I64x, expected %#I64x\n",
                   tctx->Rip, tctx->Rsp, ctx.Rip);
                ok(dump_memory(dump, ctx.Rip, 16) != NULL, "no instruction window at the fault\n");
                ok(dump_memory(dump, ctx.Rsp, 64) != NULL, "no stack at the fault\n");
#else
                ok(tctx->Eip == ctx.Eip && tctx->Esp == ctx.Esp, "thread context %#lx, expected %#lx\n", tctx->Eip,
                   ctx.Eip);
                ok(dump_memory(dump, ctx.Eip, 16) != NULL, "no instruction window at the fault\n");
                ok(dump_memory(dump, ctx.Esp, 64) != NULL, "no stack at the fault\n");
#endif
            }
            ok(find_module(dump, (ULONG_PTR)GetModuleHandleW(L"ntdll.dll")) != NULL, "the child's ntdll is missing\n");
            unmap_dump(&m);
        }
    }
    TerminateProcess(pi.hProcess, 0);
    ContinueDebugEvent(ev.dwProcessId, ev.dwThreadId, DBG_CONTINUE);
    WaitForSingleObject(pi.hProcess, 5000);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

START_TEST(minidump)
{
    if (getenv("WTEST_MINIDUMP_CHILD"))
    {
        RemoveDirectoryA(wtest_tmpdir);
        child_crash();
        ExitProcess(0);
    }
    snprintf(dump_path, sizeof(dump_path), "%sdump.mdmp", wtest_tmpdir);
    /* tools/dump-readers.test: only the crashed child's dump, kept where it
     * says for Breakpad's readers. */
    if (getenv("WTEST_MINIDUMP_KEEP"))
    {
        /* Breakpad's minidump_dump counts a missing memory-info list as
         * an error. */
        test_child(MiniDumpWithFullMemoryInfo | MiniDumpWithThreadInfo | MiniDumpWithUnloadedModules);
        ok(CopyFileA(dump_path, getenv("WTEST_MINIDUMP_KEEP"), FALSE), "cannot keep the dump: %lu\n",
           GetLastError());
        DeleteFileA(dump_path);
        return;
    }
    pSetThreadDescription = (void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "SetThreadDescription");
    if (!pSetThreadDescription)
        pSetThreadDescription = (void *)GetProcAddress(GetModuleHandleA("kernelbase.dll"), "SetThreadDescription");
    if (pSetThreadDescription) pSetThreadDescription(GetCurrentThread(), main_name);

    test_arguments();
    test_corrupt_dumps();
    test_exited_process();
    test_normal_dump();
    test_exception(FALSE);
    test_exception(TRUE);
    test_from_handlers();
    test_callbacks();
    test_types();
    test_memory_flags();
    test_child(MiniDumpNormal);
    DeleteFileA(dump_path);
}
