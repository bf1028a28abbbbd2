package territory

// Street names of the demo callejero: the usual ones of towns in
// Extremadura. Invented combinations; any match with a real street is
// chance.

// villageStreets are the names nearly every village has, in order of likelihood.
var villageStreets = []struct{ Type, Name string }{
	{"PLAZA", "de España"}, {"CALLE", "Mayor"}, {"CALLE", "Real"}, {"CALLE", "Iglesia"}, {"CALLE", "Nueva"},
	{"CALLE", "Larga"}, {"CALLE", "Fuente"}, {"CALLE", "Eras"}, {"CALLE", "Cervantes"}, {"CALLE", "San Juan"},
	{"CALLE", "Castillo"}, {"CALLE", "Calvario"}, {"AVDA", "de Extremadura"}, {"CALLE", "Hernán Cortés"},
	{"CALLE", "Pizarro"}, {"CALLE", "Gabriel y Galán"}, {"CALLE", "Cruz"}, {"CALLE", "Solana"}, {"CALLE", "Pozo"},
	{"CALLE", "Huertas"}, {"CALLE", "Ejido"}, {"CALLE", "Santa Ana"}, {"CALLE", "Ermita"}, {"CALLE", "Molino"},
	{"TRVA", "Real"}, {"CALLE", "Cantarranas"}, {"CALLE", "Corredera"}, {"CALLE", "Sol"}, {"CALLE", "Llano"},
	{"CALLE", "Postigo"},
}

// cityBases are names combined with several street types in bigger towns.
var cityBases = []string{
	"de la Constitución", "de la Libertad", "de Europa", "de Portugal", "de la Paz", "de Alemania", "de Francia",
	"de Italia", "de Virgen de Guadalupe", "de la Montaña", "de los Naranjos", "de los Olivos", "de las Acacias",
	"de los Pinos", "de los Castaños", "de las Encinas", "de los Almendros", "de los Cerezos", "de las Moreras",
	"de los Álamos", "de los Fresnos", "de los Robles", "de los Alcornoques", "del Jerte", "del Tajo", "del Alagón",
	"del Tiétar", "del Almonte", "del Salor", "del Guadiana", "de Gredos", "de Monfragüe", "de las Hurdes",
	"de la Vera", "de Gata", "de Trevejo", "de San Pedro", "de las Villuercas", "de los Ibores", "de Alcántara",
	"de Brozas", "de Garrovillas", "de Coria", "de Trujillo", "de Plasencia", "de Mérida", "de Badajoz",
	"de Salamanca", "de Madrid", "de Sevilla", "de Lisboa", "de la Estación", "del Cementerio", "del Hospital",
	"de las Escuelas", "del Instituto", "del Mercado", "de la Feria", "de los Deportes", "de las Huertas",
	"de San Blas", "de San Francisco", "de San Antón", "de San Marcos", "de San Roque", "de San Sebastián",
	"de Santiago", "de Santa María", "de Santa Lucía", "de Santa Clara", "de Santa Teresa", "de la Soledad",
	"de los Mártires", "de la Amargura", "de la Cruz Verde", "de la Fuente Nueva", "del Rollo", "del Arrabal",
	"del Ejido", "del Prado", "de la Dehesa", "del Berrocal", "de la Sierra", "del Puerto", "de los Molinos",
	"de las Tenerías", "de los Caleros", "de los Alfareros", "de los Tejedores", "de los Herreros",
	"de los Carpinteros", "de los Zapateros", "de las Eras Altas", "de las Eras Bajas", "de la Alameda",
	"de la Ronda", "del Castillo", "de la Muralla", "de la Torre", "del Palacio", "del Convento",
}

// namedAfter are people streets are named after (Extremaduran and Spanish
// writers, artists, scientists), used as "Calle <name>", "Plaza <name>"...
var namedAfter = []string{
	"Luis Chamizo", "José de Espronceda", "Juan Meléndez Valdés", "Francisco de Zurbarán", "Luis de Morales",
	"Eugenio Hermoso", "Pedro de Valdivia", "Francisco de Orellana", "Vasco Núñez de Balboa", "Hernando de Soto",
	"Pedro de Alvarado", "Juan Pablo Forner", "Bartolomé José Gallardo", "Carolina Coronado", "Felipe Trigo",
	"Antonio Machado", "Miguel Hernández", "Federico García Lorca", "Rosalía de Castro", "Benito Pérez Galdós",
	"Emilia Pardo Bazán", "Santiago Ramón y Cajal", "Severo Ochoa", "Clara Campoamor", "Concepción Arenal",
	"Miguel de Unamuno", "Gregorio Marañón", "Juan Ramón Jiménez", "Rafael Alberti", "Vicente Aleixandre",
	"Jesús Delgado Valhondo", "Antonio Rodríguez-Moñino", "Fray Luis de León", "Santa Teresa de Jesús",
	"San Pedro de Alcántara", "Isabel la Católica", "Reyes Católicos", "Carlos V", "Alfonso IX",
	"Gómez Becerra", "Doctor Fleming", "Doctor Marañón", "Maestro Sánchez Garrido", "Obispo Álvarez de Castro",
	"Médico Sorapán", "Pintor Sorolla", "Pintor Velázquez", "Pintor Goya", "Músico Granados", "Poeta Pacheco",
}

// oldNames are names that towns changed after Ley 52/2007 (memoria
// histórica); a few demo streets carry one as their former name.
var oldNames = []string{
	"del Generalísimo", "de José Antonio", "del General Mola", "del Caudillo", "de Calvo Sotelo",
	"del 18 de Julio", "del General Yagüe", "del Capitán Cortés", "de los Caídos", "del General Varela",
}

// pedanias are real pedanías (núcleos de población away from the main
// town) of some municipalities, by INE code.
var pedanias = map[string][]string{
	"10037": {"Valdesalor", "Rincón de Ballesteros", "Estación Arroyo-Malpartida"},
	"10148": {"San Gil", "Fuentidueñas"},
	"10067": {"Puebla de Argeme", "Rincón del Obispo"},
	"10195": {"Huertas de Ánimas", "Belén"},
	"10180": {"Barquilla de Pinares", "Santa María de las Lomas"},
}

// centres are the coordinates of a few towns; the others get a point
// inside the province (demo data).
var centres = map[string][2]float64{
	"10037": {39.4753, -6.3724},
	"10148": {40.0312, -6.0887},
}
