// Package entities is the register of local entities (registro de entidades
// locales, EELL) of the province: the ayuntamientos, the entidades locales
// menores (ELM), the mancomunidades and the Diputación itself.
//
// Spanish terms used in the code and the screens:
//
//   - entidad: one local entity. Its tipo is ayuntamiento (a municipality's
//     council), elm (entidad local menor, part of a municipality, with its
//     parent ayuntamiento), mancomunidad (an association of municipalities
//     that share services; its miembros are ayuntamientos or ELM) or
//     diputacion (the provincial council that runs the platform).
//   - código INE: the 5-digit municipality code (2 of province + 3) with its
//     dígito de control (DC); only ayuntamientos have one here.
//   - DIR3: the code of the common directory of public bodies. An
//     ayuntamiento's is derived (L01 + INE code + DC) and never typed; a
//     diputación's is L020000 + province; the rest are optional.
//   - NIF: the tax id; a local corporation's starts with P.
//   - alcalde / presidente: who heads the entity, with the title (cargo) he
//     uses.
//   - baja / alta: an entity is deactivated (dada de baja) instead of deleted,
//     and may be reactivated; deactivated entities are hidden from the list
//     unless asked for.
//   - ficticio: a row of demonstration data, shown with the label
//     «Dato ficticio (demo)».
//
// Who may do what: Diputación staff read every entity; other users read the
// entities they belong to and, for a mancomunidad TIC operator, the members
// he serves; any other entity is "not found". Only a Diputación administrator
// creates entities, edits every field (except the kind and the INE code),
// manages the members of a mancomunidad and deactivates or reactivates an
// entity. An entity's own user administrator may edit only its contact data.
// These are the permissions of perms.go, asked of the access layer in the
// entity concerned. Every change is made in one transaction together with
// its audit row.
//
// Owns tables: entities, mancomunidad_members.
package entities
