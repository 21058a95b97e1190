-- perflint/lint.lua - perflint as an nvim-lint linter, over the text report.
--
-- Usage (init.lua), with editors/nvim on 'runtimepath' and nvim-lint
-- installed:
--
--   local lint = require('lint')
--   lint.linters.perflint = require('perflint.lint')
--   lint.linters_by_ft.python = { 'perflint' }
--   lint.linters_by_ft.c = { 'perflint' }
--   vim.api.nvim_create_autocmd('BufWritePost', {
--     callback = function() lint.try_lint() end,
--   })
--
-- perflint reads the file on disk (it has no standard-input mode, and it
-- reads the modules the file calls into and the project's .perflint.yml),
-- so lint after writing. The text report's first line per finding is
--
--   path:line:column: severity: message [RULE]
--
-- parsed with the errorformat below (quickfix parsing, as nvim-lint's own
-- from_errorformat does); the indented lines after it (source, caret, fix,
-- notes) are skipped. Columns in the report count code points; they are
-- turned into byte columns of the buffer's line here.
--
-- Nothing here needs nvim-lint itself: M.parse can be called on any output.

local M = {}

-- Indented lines (source line, caret, fix, note) are not findings, so that
-- a note's "path:line:col:" is not taken for one; everything else that is
-- not "path:line:col: text" is dropped.
M.errorformat = '%-G %.%#,%f:%l:%c: %m,%-G%.%#'

-- The report's severity words, as vim.diagnostic severities (as SARIF
-- levels: critical and high are errors, medium warnings, low notes).
-- "error" and "warning" are the levels of diagnostics such as parse errors.
local severity_of = {
	critical = vim.diagnostic.severity.ERROR,
	high = vim.diagnostic.severity.ERROR,
	error = vim.diagnostic.severity.ERROR,
	medium = vim.diagnostic.severity.WARN,
	warning = vim.diagnostic.severity.WARN,
	low = vim.diagnostic.severity.INFO,
}

-- The 0-based byte index in LINE of the code point at 0-based index CP
-- (past the end: the line's length).
function M.byte_col(line, cp)
	local i, count = 1, 0
	local n = #line
	while count < cp and i <= n do
		local b = line:byte(i)
		if b >= 0xF0 then
			i = i + 4
		elseif b >= 0xE0 then
			i = i + 3
		elseif b >= 0xC0 then
			i = i + 2
		else
			i = i + 1
		end
		count = count + 1
	end
	return math.min(i, n + 1) - 1
end

-- Split a finding's text "severity: message [RULE]" into its parts; a
-- text of another shape is all message.
function M.split_text(text)
	local severity, message, code = text:match('^(%a+): (.*) %[([%w%-_]+)%]$')
	if severity == nil then
		return nil, text, nil
	end
	return severity, message, code
end

-- The diagnostics for buffer BUFNR in OUTPUT, perflint's text report (a
-- string). Entries for other files are left out.
function M.parse(output, bufnr)
	bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
	local items = vim.fn.getqflist({ lines = vim.split(output, '\n', { plain = true }), efm = M.errorformat }).items
	local diagnostics = {}
	for _, item in ipairs(items) do
		if item.valid == 1 and item.bufnr == bufnr and item.lnum > 0 then
			local severity, message, code = M.split_text(item.text)
			local lnum = item.lnum - 1
			local line = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1] or ''
			local col = item.col > 0 and M.byte_col(line, item.col - 1) or 0
			table.insert(diagnostics, {
				lnum = lnum,
				col = col,
				end_lnum = lnum,
				end_col = col,
				severity = severity_of[severity] or vim.diagnostic.severity.WARN,
				message = message,
				source = 'perflint',
				code = code,
			})
		end
	end
	return diagnostics
end

-- The nvim-lint linter definition.
M.cmd = 'perflint'
M.stdin = false
M.append_fname = true
M.args = { '--format', 'text', '--quiet', '--no-color' }
M.stream = 'stdout'
-- Exit status 1 means "findings reported", 2 a usage or I/O error (whose
-- message is on stderr): neither is a failure of the linter run.
M.ignore_exitcode = true
M.parser = function(output, bufnr)
	return M.parse(output, bufnr)
end

return M
