// The block cache: block b of the disk is the page at DISKMAP + b*BLKSIZE.
// A block is read from disk the first time it is touched, by the page-fault
// handler below; the page's dirty bit (set by the hardware) says whether
// it must be written back, and writing it back clears the bit.

#include "fs.h"

void *
diskaddr(uint32_t blockno)
{
	if (super && blockno >= super->s_nblocks)
		panic("diskaddr: block %u past the end of the disk (%u blocks)",
		      blockno, super->s_nblocks);
	return (char *) DISKMAP + blockno * BLKSIZE;
}

bool
va_is_mapped(void *va)
{
	return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P);
}

bool
va_is_dirty(void *va)
{
	return (uvpt[PGNUM(va)] & PTE_D) != 0;
}

uint32_t
blockof(void *va)
{
	return ((uintptr_t) va - DISKMAP) / BLKSIZE;
}

// Mapping a page onto itself with the same permissions clears the dirty
// bit: the kernel builds a fresh entry.
static void
clear_dirty(void *blk)
{
	int r;

	if ((r = sys_page_map(0, blk, 0, blk, uvpt[PGNUM(blk)] & PTE_SYSCALL)) < 0)
		panic("block cache: clearing the dirty bit of block %u: %e", blockof(blk), r);
}

static void
bc_pgfault(struct UTrapframe *utf)
{
	void *addr = (void *) utf->utf_fault_va;
	uint32_t blockno = blockof(addr);
	int r;

	if (addr < (void *) DISKMAP || addr >= (void *) (DISKMAP + DISKSIZE))
		panic("page fault in the file server: eip %08x, va %08x, err %04x",
		      utf->utf_eip, addr, utf->utf_err);
	if (super && blockno >= super->s_nblocks)
		panic("block cache: block %u past the end of the disk", blockno);

	addr = ROUNDDOWN(addr, BLKSIZE);
	// Nothing to fall back on: without the block, the request in
	// progress cannot go on.
	if ((r = sys_page_alloc(0, addr, PTE_P | PTE_U | PTE_W)) < 0)
		panic("block cache: no memory for block %u: %e", blockno, r);
	if ((r = ide_read(blockno * BLKSECTS, addr, BLKSECTS)) < 0)
		panic("block cache: reading block %u: disk error", blockno);
	clear_dirty(addr);
}

// Writes the block holding addr back to disk if it is cached and dirty.
void
flush_block(void *addr)
{
	uint32_t blockno = blockof(addr);

	if (addr < (void *) DISKMAP || addr >= (void *) (DISKMAP + DISKSIZE))
		panic("flush_block of bad va %08x", addr);
	addr = ROUNDDOWN(addr, BLKSIZE);
	if (!va_is_mapped(addr) || !va_is_dirty(addr))
		return;
	if (ide_write(blockno * BLKSECTS, addr, BLKSECTS) < 0)
		panic("block cache: writing block %u: disk error", blockno);
	clear_dirty(addr);
}

// Writes the dirty blocks among the n from blockno: each run of dirty
// neighbours in one disk command (up to 256 sectors).
void
flush_blocks(uint32_t blockno, uint32_t n)
{
	uint32_t run = 0, b, i;

	for (i = 0; i <= n; i++) {
		b = blockno + i;
		if (i < n && run < 256 / BLKSECTS && va_is_mapped(diskaddr(b)) &&
		    va_is_dirty(diskaddr(b))) {
			run++;
			continue;
		}
		if (run) {
			if (ide_write((b - run) * BLKSECTS, diskaddr(b - run), run * BLKSECTS) < 0)
				panic("block cache: writing blocks %u-%u: disk error", b - run, b - 1);
			while (run > 0)
				clear_dirty(diskaddr(b - run--));
		}
		// A clean block, or a full run: this block starts afresh.
		if (i < n && va_is_mapped(diskaddr(b)) && va_is_dirty(diskaddr(b)))
			run = 1;
	}
}

// A block just allocated: its old contents do not matter, so it is not
// read from disk but starts as zeros, dirty. Returns 0 or -E_NO_MEM.
int
bc_fresh_block(uint32_t blockno)
{
	void *addr = diskaddr(blockno);
	int r;

	if (va_is_mapped(addr))
		memset(addr, 0, BLKSIZE);
	else if ((r = sys_page_alloc(0, addr, PTE_P | PTE_U | PTE_W)) < 0)
		return r;
	// A store sets the dirty bit; the page is already zero.
	*(volatile uint32_t *) addr = 0;
	return 0;
}

// A freed block leaves the cache: its contents are garbage now.
void
bc_drop_block(uint32_t blockno)
{
	(void) sys_page_unmap(0, diskaddr(blockno));
}

// Round trip through the disk on block 0, which the file system never
// uses: write a mark, drop the page, read it back.
static void
check_bc(void)
{
	char *blk = diskaddr(0);
	char saved[64];

	memmove(saved, blk, sizeof(saved));
	strcpy(blk, "block cache check");
	assert(va_is_dirty(blk));
	flush_block(blk);
	assert(va_is_mapped(blk) && !va_is_dirty(blk));
	bc_drop_block(0);
	assert(!va_is_mapped(blk));

	assert(strcmp(blk, "block cache check") == 0);	// faults it back in
	memmove(blk, saved, sizeof(saved));
	flush_block(blk);
	assert(!va_is_dirty(blk));
	cprintf("block cache is good\n");
}

void
bc_init(void)
{
	set_pgfault_handler(bc_pgfault);
	check_bc();
}
