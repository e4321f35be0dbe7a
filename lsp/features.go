package lsp

// Handlers of the features computed from one file's syntax tree.

func (s *server) fileResult(uri DocumentURI) (*fileResult, error) {
	fr := s.an.byURI[canonicalURI(uri)]
	if fr == nil {
		return nil, errorf(codeInvalidParams, "unknown document %s", uri)
	}
	return fr, nil
}

func (s *server) documentSymbol(p *documentSymbolParams) (any, error) {
	fr, err := s.fileResult(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return documentSymbols(fr.file, fr.doc.index), nil
}

func (s *server) workspaceSymbol(p *workspaceSymbolParams) (any, error) {
	return workspaceSymbols(s.an, p.Query), nil
}

func (s *server) foldingRange(p *foldingRangeParams) (any, error) {
	fr, err := s.fileResult(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return foldingRanges(fr.file), nil
}

func (s *server) semanticTokens(p *semanticTokensParams) (any, error) {
	fr, err := s.fileResult(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return semanticTokens{Data: semanticTokenData(fr.file, fr.doc.index)}, nil
}
