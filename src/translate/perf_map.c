#include "translate/perf_map.h"

#include <gelf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *map;
static pthread_mutex_t map_lock = PTHREAD_MUTEX_INITIALIZER;

void xl_perf_map_init(void)
{
	char path[64];

	if (!getenv("XLIFT_PERF_MAP"))
		return;
	snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
	map = fopen(path, "w");
	if (map)
		setvbuf(map, NULL, _IOLBF, 0);
}

/* The size of symbol in the ELF object, 0 when it is not there. */
static uint64_t symbol_size(LLVMMemoryBufferRef object, const char *symbol)
{
	Elf *elf = elf_memory((char *)LLVMGetBufferStart(object), LLVMGetBufferSize(object));
	Elf_Scn *scn = NULL;
	uint64_t size = 0;

	while (elf && !size && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !(data = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *name;
			if (gelf_getsym(data, (int)i, &sym) &&
			    (name = elf_strptr(elf, sh.sh_link, sym.st_name)) &&
			    strcmp(name, symbol) == 0) {
				size = sym.st_size;
				break;
			}
		}
	}
	elf_end(elf);
	return size;
}

uint64_t xl_perf_map_measure(LLVMMemoryBufferRef object, const char *symbol)
{
	if (!map)
		return 0;
	elf_version(EV_CURRENT);
	return symbol_size(object, symbol);
}

void xl_perf_map_add(const void *code, uint64_t size, uint64_t pc, enum xl_tier tier)
{
	if (!map)
		return;
	pthread_mutex_lock(&map_lock);
	fprintf(map, "%lx %lx xl_%s_%lx\n", (unsigned long)(uintptr_t)code, (unsigned long)size,
		tier == XL_TIER_FAST ? "fast" : "opt", (unsigned long)pc);
	pthread_mutex_unlock(&map_lock);
}
