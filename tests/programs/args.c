/* Prints what the kernel (here: the loader of xlift) hands a program:
 * argv, the environment variables starting with XLT_, and the auxiliary
 * vector entries whose values are fixed or checkable (AT_PAGESZ, AT_HWCAP
 * bits IMAFDC, AT_RANDOM readable and non-null, AT_EXECFN naming the
 * program, AT_PHDR/AT_PHNUM/AT_PHENT consistent with the ELF header,
 * AT_ENTRY, AT_UID..AT_EGID, AT_SECURE, AT_CLKTCK). */
#include <elf.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char *names[256];
	int n = 0;

	printf("argc=%d\n", argc);
	printf("argv[0] basename=%s\n", basename(strdup(argv[0])));
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=\"%s\"\n", i, argv[i]);
	printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);

	for (char **e = environ; *e && n < 256; e++)
		if (strncmp(*e, "XLT_", 4) == 0)
			names[n++] = *e;
	qsort(names, n, sizeof(names[0]), cmp);
	for (int i = 0; i < n; i++)
		printf("env %s\n", names[i]);
	printf("PATH set: %d\n", getenv("PATH") != NULL);

	printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
	unsigned long hwcap = getauxval(AT_HWCAP);
	printf("AT_HWCAP letters:");
	for (char c = 'a'; c <= 'z'; c++)
		if (hwcap & (1UL << (c - 'a')))
			printf(" %c", c);
	printf("\n");
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;
	for (int i = 0; rnd && i < 16; i++)
		nonzero |= rnd[i];
	printf("AT_RANDOM non-null: %d, 16 bytes not all zero: %d\n", rnd != NULL, nonzero != 0);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	printf("AT_EXECFN basename=%s\n", execfn ? basename(strdup(execfn)) : "(null)");
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long phnum = getauxval(AT_PHNUM);
	int has_load = 0;
	for (unsigned long i = 0; ph && i < phnum; i++)
		has_load |= ph[i].p_type == PT_LOAD;
	printf("AT_PHDR readable with a PT_LOAD: %d, AT_PHENT=%lu\n", has_load, getauxval(AT_PHENT));
	printf("AT_ENTRY non-null: %d\n", getauxval(AT_ENTRY) != 0);
	printf("AT_UID/EUID/GID/EGID match: %d\n",
	       getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid() &&
	       getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid());
	printf("AT_SECURE=%lu AT_CLKTCK=%lu\n", getauxval(AT_SECURE), getauxval(AT_CLKTCK));
	return 0;
}
