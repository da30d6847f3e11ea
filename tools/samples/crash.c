/*
 * crash.c: the crash sample, the README's demo.  It loads crashdll.dll and
 * crashaux.dll from its own directory, unloads crashaux.dll, then calls
 * crash_entry in crashdll.dll, which crashes three calls deep (see
 * crashdll.c):
 *   main -> run_crash -> crash_entry -> crash_middle -> crash_leaf
 *        -> crash_poke (inlined): access violation writing address 0
 *
 *   crash.exe [int3]
 * "int3" executes a breakpoint in crash_leaf instead and exits with 0 when
 * the debugger continues it.  Exit codes 1-4 mean a setup step failed.
 * A second thread waits in crash_idle_thread meanwhile, for the debugger's
 * --all-threads.
 * Every frame's line carries a "crash-line: NAME" marker for the tests.
 */

#include <windows.h>
#include <string.h>

typedef int (*crash_entry_func)(int);
typedef int (*crash_aux_func)(void);

/* Loads a DLL from this program's own directory. */
static HMODULE load_beside(const char *name)
{
    char path[MAX_PATH + 32], *slash;
    DWORD len = GetModuleFileNameA(NULL, path, MAX_PATH);

    if (!len || len >= MAX_PATH) return NULL;
    slash = strrchr(path, '\\');
    strcpy(slash ? slash + 1 : path, name);
    return LoadLibraryA(path);
}

volatile int crash_main_sink;

__attribute__((noipa)) DWORD WINAPI crash_idle_thread(void *event);

static HANDLE idle_started, idle_never;

/* Says it runs, then waits until the process ends. */
__attribute__((noipa)) DWORD WINAPI crash_idle_thread(void *arg)
{
    DWORD ret;

    SetEvent(idle_started);
    ret = WaitForSingleObject(idle_never, INFINITE); /* crash-line: crash_idle_thread */
    return ret + crash_main_sink + (arg != NULL);
}

__attribute__((noipa)) int run_crash(crash_entry_func entry, int mode);

__attribute__((noipa)) int run_crash(crash_entry_func entry, int mode)
{
    int ret = entry(mode); /* crash-line: run_crash */
    return ret + crash_main_sink;
}

int main(int argc, char **argv)
{
    HMODULE dll, aux;
    crash_entry_func entry;
    crash_aux_func answer;
    int mode = argc > 1 && !strcmp(argv[1], "int3");
    HANDLE idle;

    if (!(dll = load_beside("crashdll.dll"))) return 1;
    if (!(aux = load_beside("crashaux.dll"))) return 2;
    answer = (crash_aux_func)(void *)GetProcAddress(aux, "crash_aux_answer");
    if (!answer || answer() != 42) return 3;
    FreeLibrary(aux);
    entry = (crash_entry_func)(void *)GetProcAddress(dll, "crash_entry");
    if (!entry) return 4;
    idle_started = CreateEventA(NULL, TRUE, FALSE, NULL);
    idle_never = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!idle_started || !idle_never) return 6;
    if (!(idle = CreateThread(NULL, 0, crash_idle_thread, NULL, 0, NULL))) return 7;
    CloseHandle(idle);
    /* into its wait, past SetEvent */
    WaitForSingleObject(idle_started, INFINITE);
    Sleep(20);
    return run_crash(entry, mode) == 4 ? 0 : 5; /* crash-line: main */
}
