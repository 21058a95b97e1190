-- nvim_errorformat.lua - run by nvim-errorformat.sh inside headless Neovim:
--
--   cd WORK && nvim --headless --clean -u NONE -c 'luafile nvim_errorformat.lua'
--
-- Environment: PFL_NVIM_RTP (editors/nvim), PFL_REPORT (perflint's text
-- report of the fixtures, run from WORK: relative paths), PFL_REPORT_ABS
-- (the same run from elsewhere: absolute paths), PFL_RESULT (where to write
-- the JSON result). Parses the report the ways editors/nvim offers, and writes
-- what each produced as JSON for the shell script to check:
--   qf_get     vim.fn.getqflist({lines, efm}) with perflint.lint's errorformat
--   qf_set     setqflist({}, ' ', {lines, efm}) then getqflist()
--   compiler   'errorformat' and 'makeprg' after :compiler perflint, and
--              getqflist({lines, efm = that errorformat})
--   lint       perflint.lint's parser (the nvim-lint definition), for the
--              buffers of report.py and join_names.c
--   ale        perflint#ale#Handle (the ALE callback), for the same buffers
--   lint_abs, ale_abs   the same two over the report with absolute paths
-- Any error is written as {"error": ...}; Neovim always quits.

local result = {}

-- A quickfix item as plain data (file name relative to the current directory).
local function qf_entry(item)
	return {
		file = item.bufnr > 0 and vim.fn.fnamemodify(vim.fn.bufname(item.bufnr), ':.') or '',
		lnum = item.lnum,
		col = item.col,
		valid = item.valid,
		text = item.text,
	}
end

local function qf_entries(items)
	local out = {}
	for _, item in ipairs(items) do
		table.insert(out, qf_entry(item))
	end
	return out
end

local function run()
	vim.opt.runtimepath:prepend(os.getenv('PFL_NVIM_RTP'))
	local lint = require('perflint.lint')
	local lines = vim.fn.readfile(os.getenv('PFL_REPORT'))
	local output = table.concat(lines, '\n') .. '\n'

	result.qf_get = qf_entries(vim.fn.getqflist({ lines = lines, efm = lint.errorformat }).items)

	vim.fn.setqflist({}, ' ', { lines = lines, efm = lint.errorformat, title = 'perflint' })
	result.qf_set = qf_entries(vim.fn.getqflist())
	result.qf_set_title = vim.fn.getqflist({ title = 1 }).title

	vim.cmd('compiler perflint')
	result.compiler = {
		errorformat = vim.o.errorformat,
		makeprg = vim.o.makeprg,
		items = qf_entries(vim.fn.getqflist({ lines = lines, efm = vim.o.errorformat }).items),
	}

	local abs_lines = vim.fn.readfile(os.getenv('PFL_REPORT_ABS'))
	local abs_output = table.concat(abs_lines, '\n') .. '\n'
	result.lint, result.ale, result.lint_abs, result.ale_abs = {}, {}, {}, {}
	for _, file in ipairs({ 'report.py', 'join_names.c' }) do
		vim.cmd('edit ' .. vim.fn.fnameescape(file))
		local bufnr = vim.api.nvim_get_current_buf()
		local function lint_diags(text)
			local diags = {}
			for _, d in ipairs(lint.parser(text, bufnr)) do
				table.insert(diags, {
					lnum = d.lnum,
					col = d.col,
					severity = d.severity,
					message = d.message,
					source = d.source,
					code = d.code or vim.NIL,
				})
			end
			return diags
		end
		result.lint[file] = lint_diags(output)
		result.lint_abs[file] = lint_diags(abs_output)
		result.ale[file] = vim.fn['perflint#ale#Handle'](bufnr, lines)
		result.ale_abs[file] = vim.fn['perflint#ale#Handle'](bufnr, abs_lines)
	end
	result.severity_names = {
		ERROR = vim.diagnostic.severity.ERROR,
		WARN = vim.diagnostic.severity.WARN,
		INFO = vim.diagnostic.severity.INFO,
	}
end

local ok, err = pcall(run)
if not ok then
	result = { error = tostring(err) }
end
vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv('PFL_RESULT'))
vim.cmd('qall!')
