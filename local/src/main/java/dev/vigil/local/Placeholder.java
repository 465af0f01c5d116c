package dev.vigil.local; final class Placeholder {}
