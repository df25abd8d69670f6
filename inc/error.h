#ifndef JOS_INC_ERROR_H
#define JOS_INC_ERROR_H

// System calls and library functions return -E_* on failure.
enum {
	E_UNSPECIFIED	= 1,	// unknown problem
	E_BAD_ENV	= 2,	// no such environment, or not the caller's to touch
	E_INVAL		= 3,	// invalid argument
	E_NO_MEM	= 4,	// out of physical memory
	E_NO_FREE_ENV	= 5,	// all NENV environments in use
	E_FAULT		= 6,	// bad user memory address
	E_IPC_NOT_RECV	= 7,	// target is not waiting in sys_ipc_recv
	E_EOF		= 8,	// unexpected end of file

	// File system and processes (SPEC section 9)
	E_NO_DISK	= 9,	// no free space left on disk
	E_MAX_OPEN	= 10,	// too many files are open
	E_NOT_FOUND	= 11,	// file or block not found
	E_BAD_PATH	= 12,	// bad path
	E_FILE_EXISTS	= 13,	// file already exists
	E_NOT_EXEC	= 14,	// file is not a valid executable
	E_NOT_SUPP	= 15,	// operation not supported
	E_PIPE		= 16,	// write to a pipe nobody reads

	MAXERROR
};

#endif /* !JOS_INC_ERROR_H */
