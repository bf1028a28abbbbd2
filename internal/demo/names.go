package demo

// Frequent Spanish given names and surnames (INE statistics of names), with
// a few surnames common in Extremadura, for the fictitious demo people.

var femaleNames = []string{
	"María del Carmen", "María", "Carmen", "Ana María", "Laura", "María Pilar", "María Dolores", "Isabel",
	"Josefa", "María Teresa", "Ana", "Marta", "Cristina", "María Ángeles", "Lucía", "María José",
	"María Isabel", "Francisca", "Antonia", "Dolores", "Sara", "Paula", "Elena", "María Luisa", "Raquel",
	"Rosa María", "Pilar", "Manuela", "Concepción", "Mercedes", "Beatriz", "Nuria", "Silvia", "Julia",
	"Irene", "Patricia", "Rocío", "Alba", "Andrea", "Teresa", "Montserrat", "Rosario", "Encarnación",
	"Mónica", "Juana", "Inmaculada", "Sonia", "Alicia", "Yolanda", "Sandra", "Marina", "Esther", "Ángela",
	"Natalia", "Susana", "Verónica", "Noelia", "Eva", "Gloria", "Margarita", "Guadalupe", "Remedios",
}

var maleNames = []string{
	"Antonio", "Manuel", "José", "Francisco", "David", "Juan", "José Antonio", "Javier", "Daniel",
	"José Luis", "Francisco Javier", "Carlos", "Jesús", "Alejandro", "Miguel", "José Manuel", "Rafael",
	"Miguel Ángel", "Pedro", "Pablo", "Ángel", "Sergio", "José María", "Fernando", "Jorge", "Luis",
	"Alberto", "Juan Carlos", "Álvaro", "Adrián", "Juan José", "Diego", "Raúl", "Iván", "Juan Antonio",
	"Rubén", "Enrique", "Óscar", "Ramón", "Vicente", "Andrés", "Joaquín", "Santiago", "Víctor", "Eduardo",
	"Mario", "Roberto", "Jaime", "Francisco José", "Marcos", "Ignacio", "Alfonso", "Hugo", "Ricardo",
	"Emilio", "Agustín", "Julián", "Felipe", "Tomás", "Gonzalo", "Nicolás", "Cristóbal",
}

var surnames = []string{
	"García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
	"Martín", "Jiménez", "Hernández", "Ruiz", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Gutiérrez",
	"Alonso", "Navarro", "Torres", "Domínguez", "Ramos", "Vázquez", "Ramírez", "Gil", "Serrano", "Morales",
	"Molina", "Blanco", "Suárez", "Castro", "Ortega", "Delgado", "Ortiz", "Marín", "Rubio", "Núñez",
	"Medina", "Sanz", "Castillo", "Iglesias", "Cortés", "Garrido", "Santos", "Guerrero", "Lozano", "Cano",
	"Cruz", "Méndez", "Flores", "Prieto", "Herrera", "Peña", "León", "Márquez", "Cabrera", "Gallego",
	"Calvo", "Vidal", "Campos", "Vega", "Fuentes", "Carrasco", "Díez", "Reyes", "Caballero", "Nieto",
	"Aguilar", "Pascual", "Herrero", "Montero", "Hidalgo", "Lorenzo", "Giménez", "Ibáñez", "Durán",
	"Mora", "Vicente", "Arias", "Carmona", "Crespo", "Román", "Pastor", "Soto", "Sáez", "Velasco",
	"Pizarro", "Mateos", "Rosado", "Bermejo", "Barroso", "Cordero", "Rebollo", "Hurtado", "Gallardo",
	"Sierra", "Tejeda", "Rodrigo", "Corrales", "Pulido", "Bravo", "Holguín", "Parra", "Solís", "Sayago",
}

// townHallAddresses are typical (invented) addresses of a town hall.
var townHallAddresses = []string{
	"Plaza de España, 1", "Plaza Mayor, 1", "Plaza de la Constitución, 1", "Plaza del Ayuntamiento, 1",
	"Plaza de España, 2", "Calle Real, 1", "Plaza de la Iglesia, 3", "Plaza Mayor, 3", "Calle Larga, 2",
	"Plaza de la Villa, 1",
}
