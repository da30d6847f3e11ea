/*
 * crashaux.c: the DLL tools/samples/crash.c loads and unloads before it
 * crashes, so that the debugger's module list has seen an unload.
 */

__declspec(dllexport) int crash_aux_answer(void);

__declspec(dllexport) int crash_aux_answer(void)
{
    return 42;
}
