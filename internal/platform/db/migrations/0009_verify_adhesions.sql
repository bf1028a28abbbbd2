-- The verification page (/verificar, module verify) serves every document
-- from the register of issued documents. Adhesion documents generated
-- before adhesions issued them there are copied in, under the CSV printed
-- on them; the adhesion's own copy stays where it was.
INSERT INTO issued_documents (csv, entity_id, kind, title, object_type, object_id, filename, content_type,
    sha256, size, content, issued_at, issued_by)
SELECT a.csv, d.entity_id, 'adhesion',
       'Solicitud de adhesión y aceptación de las condiciones de acceso ' || a.number,
       'adhesion', a.id, d.filename, 'application/pdf', d.sha256, d.size, d.content, d.created_at, d.created_by
FROM adhesion_documents d
JOIN adhesions a ON a.entity_id = d.entity_id AND a.id = d.adhesion_id
WHERE d.kind = 'generado'
  AND NOT EXISTS (SELECT 1 FROM issued_documents i WHERE i.csv = a.csv);
